import { createContext, useCallback, useContext, useMemo, useState, useSyncExternalStore, type ReactNode, type SyntheticEvent } from "react";
import { useCrmApi } from "../api/context";
import { ApiError } from "../api/errors";
import { createDraftStore, formValues, type DraftStore, type FormDraft } from "./drafts";
import { createAuthSession, type AuthSession, type SessionState } from "./session";

interface AuthContextValue {
  session: AuthSession;
  drafts: DraftStore;
}

const AuthContext = createContext<AuthContextValue | null>(null);

/** The session and the drafts of one tab; main.tsx hands the same session to the API client. */
export function AuthProvider({ session, drafts, children }: { session: AuthSession; drafts?: DraftStore; children: ReactNode }) {
  const [ownDrafts] = useState(() => drafts ?? createDraftStore());
  const value = useMemo(() => ({ session, drafts: ownDrafts }), [session, ownDrafts]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

function useAuthContext(): AuthContextValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useSession and friends must be used inside <AuthProvider>");
  return value;
}

export function useSession(): SessionState {
  const { session } = useAuthContext();
  return useSyncExternalStore(session.subscribe, session.state);
}

/** The signed-in user's role, or undefined outside a session (error notices use it). */
export function useRole(): string | undefined {
  const value = useContext(AuthContext);
  const fallback = useMemo(() => createAuthSession(), []);
  const session = value?.session ?? fallback;
  const state = useSyncExternalStore(session.subscribe, session.state);
  return state.status === "signed-in" ? state.user.role : undefined;
}

export function useAuthActions() {
  const api = useCrmApi();
  const { session, drafts } = useAuthContext();
  /** Log in, learn who we are, then start the session; throws the ApiError of a refusal. */
  const signIn = useCallback(
    async (email: string, password: string) => {
      const { data: token } = await api.login(email, password);
      if (token.token_type.toLowerCase() !== "bearer") {
        throw new ApiError(`The API issued a ${token.token_type} token; this app only speaks bearer`, 0, "login");
      }
      const { data: user } = await api.me(token.access_token);
      drafts.claim(user.id);
      session.signIn(token.access_token, user);
    },
    [api, session, drafts],
  );
  /** Ask the API to revoke the token, then forget it here whatever the answer. */
  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // Already expired or the API is unreachable: the token is dropped here all the same.
    } finally {
      drafts.clear();
      session.signOut();
    }
  }, [api, session, drafts]);
  return { signIn, signOut };
}

/**
 * Keeps a form's input in the tab's draft store as the user types, and hands it back on the
 * next mount (after a 401 → login → back here). `etag` is the version an edit started from.
 */
export function useFormDraft(key: string, etag: string | null = null) {
  const { drafts } = useAuthContext();
  const [restored] = useState<FormDraft | undefined>(() => drafts.get(key));
  const baseEtag = restored ? restored.etag : etag;
  const onInput = useCallback(
    (event: SyntheticEvent<HTMLFormElement>) => {
      drafts.save(key, { values: formValues(event.currentTarget), etag: baseEtag });
    },
    [drafts, key, baseEtag],
  );
  const discard = useCallback(() => {
    drafts.discard(key);
  }, [drafts, key]);
  return { restored, baseEtag, onInput, discard };
}

/** What {@link useFormDraft} hands a form: the restored input, the version it started from, and its handlers. */
export type FormDraftHandle = ReturnType<typeof useFormDraft>;
