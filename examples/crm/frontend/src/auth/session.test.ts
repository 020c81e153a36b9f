import { describe, expect, it } from "vitest";
import { aUser } from "../test/fakeApi";
import { createAuthSession } from "./session";

describe("createAuthSession", () => {
  it("starts signed out, holds the token once signed in, and forgets it on sign-out", () => {
    const session = createAuthSession();
    expect(session.state()).toEqual({ status: "signed-out", reason: "not-yet" });
    expect(session.token()).toBeNull();
    session.signIn("tok-1", aUser());
    expect(session.token()).toBe("tok-1");
    session.signOut();
    expect(session.state()).toEqual({ status: "signed-out", reason: "signed-out" });
    expect(session.token()).toBeNull();
  });

  it("expires on a 401 for the current token, remembering who was signed in", () => {
    const session = createAuthSession();
    session.signIn("tok-1", aUser({ email: "nia.evans@example.com" }));
    session.unauthorized("tok-1");
    expect(session.state()).toEqual({ status: "expired", user: aUser({ email: "nia.evans@example.com" }) });
    expect(session.token()).toBeNull();
  });

  it("ignores a late 401 for a token a newer login replaced", () => {
    const session = createAuthSession();
    session.signIn("tok-new", aUser());
    session.unauthorized("tok-old");
    expect(session.token()).toBe("tok-new");
  });

  it("tells subscribers about every change until they unsubscribe", () => {
    const session = createAuthSession();
    let calls = 0;
    const unsubscribe = session.subscribe(() => (calls += 1));
    session.signIn("t", aUser());
    session.unauthorized("t");
    unsubscribe();
    session.signOut();
    expect(calls).toBe(2);
  });
});
