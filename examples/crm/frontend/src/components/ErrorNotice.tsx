import { useEffect, useRef } from "react";
import { ApiError, FORBIDDEN, NETWORK_ERROR_STATUS } from "../api/errors";
import { useRole } from "../auth/context";
import { forbiddenMessage } from "../auth/roles";

/**
 * An API failure as the user sees it: what went wrong, and the request ID to quote to support.
 * A 403 says what the user's role cannot do (`action`, e.g. "delete clients") instead of a bare
 * "Forbidden". `focus` moves keyboard focus here — for the answer to something the user just
 * did (a submit), not for a page that failed to load.
 */
export function ErrorNotice({ error, title, action, focus = false }: { error: ApiError; title?: string; action?: string; focus?: boolean }) {
  const role = useRole();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focus) ref.current?.focus();
  }, [focus, error]);
  const forbidden = error.status === FORBIDDEN;
  const heading = title ?? (error.status === NETWORK_ERROR_STATUS ? "Connection problem" : forbidden ? "Not allowed" : "Something went wrong");
  return (
    <div role="alert" className="error-notice" ref={ref} tabIndex={focus ? -1 : undefined}>
      <p className="error-title">{heading}</p>
      <p className="error-message">{forbidden ? forbiddenMessage(role, action) : error.message}</p>
      {forbidden && error.message !== "" && <p className="error-detail">The API said: {error.message}</p>}
      {error.fieldErrors.length > 0 && (
        <ul className="error-fields">
          {error.fieldErrors.map((item) => (
            <li key={`${item.field}:${item.message}`}>
              {item.field ? <strong>{item.field}: </strong> : null}
              {item.message}
            </li>
          ))}
        </ul>
      )}
      <RequestIdNote requestId={error.requestId} />
    </div>
  );
}

/** The X-Request-ID the failed call carried; the API logs it, so support finds the request by it. */
export function RequestIdNote({ requestId }: { requestId: string }) {
  return (
    <p className="error-request-id">
      Request ID <code data-testid="request-id">{requestId}</code> — quote this ID to support.
    </p>
  );
}
