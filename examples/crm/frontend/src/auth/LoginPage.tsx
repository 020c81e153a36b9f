import { useRef, useState, type SyntheticEvent } from "react";
import { ApiError } from "../api/errors";
import { ErrorNotice } from "../components/ErrorNotice";
import { formText } from "../forms";
import { useAuthActions, useSession } from "./context";

const EMAIL_MISSING = "Enter your e-mail address.";
const PASSWORD_MISSING = "Enter your password.";

/**
 * E-mail and password → POST /api/auth/login. The App shows this page whenever there is no
 * session and, once signed in, returns to the `next` path the user was sent here from.
 */
export function LoginPage() {
  const session = useSession();
  const { signIn } = useAuthActions();
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = formText(form, "email").trim();
    const password = formText(form, "password");
    setError(null);
    if (email === "" || password === "") {
      setMissing(email === "" ? EMAIL_MISSING : PASSWORD_MISSING);
      (email === "" ? emailRef : passwordRef).current?.focus();
      return;
    }
    setMissing(null);
    setBusy(true);
    try {
      await signIn(email, password);
      // The App now renders the page the user came for; this component unmounts.
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught);
      setBusy(false);
    }
  };

  const notice =
    session.status === "expired"
      ? "Your session has ended. Sign in again to carry on where you left off."
      : session.status === "signed-out" && session.reason === "signed-out"
        ? "You have signed out."
        : null;
  return (
    <section aria-labelledby="login-heading" className="login">
      <h1 id="login-heading">Sign in</h1>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <form
        className="stacked-form"
        noValidate
        aria-label="Sign in"
        onSubmit={(event) => {
          void onSubmit(event);
        }}
      >
        <label>
          E-mail
          <input
            ref={emailRef}
            name="email"
            type="email"
            autoComplete="username"
            maxLength={320}
            required
            defaultValue={session.status === "expired" ? session.user.email : ""}
            aria-invalid={missing === EMAIL_MISSING}
            aria-describedby={missing === EMAIL_MISSING ? "login-problem" : undefined}
          />
        </label>
        <label>
          Password
          <input
            ref={passwordRef}
            name="password"
            type="password"
            autoComplete="current-password"
            maxLength={256}
            aria-invalid={missing === PASSWORD_MISSING}
            aria-describedby={missing === PASSWORD_MISSING ? "login-problem" : undefined}
          />
        </label>
        {missing && (
          <p role="alert" id="login-problem" className="field-error">
            {missing}
          </p>
        )}
        {error && <ErrorNotice error={error} title="Could not sign in" focus />}
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </section>
  );
}
