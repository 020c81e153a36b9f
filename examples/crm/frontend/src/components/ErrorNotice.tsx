import { ApiError, NETWORK_ERROR_STATUS } from "../api/errors";

/** An API failure as the user sees it: what went wrong, and the request ID to quote to support. */
export function ErrorNotice({ error, title }: { error: ApiError; title?: string }) {
  return (
    <div role="alert" className="error-notice">
      <p className="error-title">{title ?? (error.status === NETWORK_ERROR_STATUS ? "Connection problem" : "Something went wrong")}</p>
      <p className="error-message">{error.message}</p>
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
      <p className="error-request-id">
        Request ID <code data-testid="request-id">{error.requestId}</code> — quote this ID to support.
      </p>
    </div>
  );
}
