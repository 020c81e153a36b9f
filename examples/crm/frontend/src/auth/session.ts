import type { TokenSource } from "../api/client";
import type { CurrentUser } from "../api/types";

/**
 * Where the user stands. "expired" remembers who was signed in, so the login page can say the
 * session ended (not that they signed out) and offer their e-mail again.
 */
export type SessionState =
  | { status: "signed-out"; reason: "not-yet" | "signed-out" }
  | { status: "signed-in"; token: string; user: CurrentUser }
  | { status: "expired"; user: CurrentUser };

export interface AuthSession extends TokenSource {
  // Function-valued properties, not methods: React calls state/subscribe detached from the object.
  state: () => SessionState;
  /** For useSyncExternalStore: called after every change; returns the unsubscribe. */
  subscribe: (listener: () => void) => () => void;
  signIn: (token: string, user: CurrentUser) => void;
  signOut: () => void;
}

/**
 * The bearer token lives here, in this closure, and nowhere else: not in localStorage,
 * sessionStorage, a cookie or IndexedDB (eslint.config.js forbids them in src/). Any script
 * injected into the page could read those stores at leisure; a variable it can only reach while
 * the page runs. The price: a reload or a new tab asks for the password again.
 */
export function createAuthSession(): AuthSession {
  let current: SessionState = { status: "signed-out", reason: "not-yet" };
  const listeners = new Set<() => void>();
  const set = (next: SessionState) => {
    current = next;
    for (const listener of listeners) listener();
  };
  return {
    state: () => current,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    token: () => (current.status === "signed-in" ? current.token : null),
    unauthorized(sentToken) {
      // Only the token in use can expire the session: a slow 401 for a token that a newer
      // login already replaced must not throw the user out again.
      if (current.status === "signed-in" && current.token === sentToken) set({ status: "expired", user: current.user });
    },
    signIn(token, user) {
      set({ status: "signed-in", token, user });
    },
    signOut() {
      set({ status: "signed-out", reason: "signed-out" });
    },
  };
}
