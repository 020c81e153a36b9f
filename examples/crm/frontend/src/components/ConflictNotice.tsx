import { useEffect, useRef, type ReactNode } from "react";
import type { ApiError } from "../api/errors";
import { RequestIdNote } from "./ErrorNotice";

/**
 * A 412 from a PATCH or DELETE sent with `If-Match`: the record changed since this page read
 * it. Nothing was written; `onReload` fetches the latest version. `children` may show what the
 * user was about to save, so it is not lost.
 */
export function ConflictNotice({ error, what, onReload, children }: { error: ApiError; what: string; onReload: () => void; children?: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [error]);
  return (
    <div role="alert" className="error-notice" ref={ref} tabIndex={-1}>
      <p className="error-title">This {what} was changed by someone else</p>
      <p className="error-message">
        Someone saved a newer version after you opened it, so nothing was saved, to avoid overwriting their changes. Reload the latest version, then try
        again.
      </p>
      {children}
      <p>
        <button type="button" onClick={onReload}>
          Reload the latest version
        </button>
      </p>
      <RequestIdNote requestId={error.requestId} />
    </div>
  );
}
