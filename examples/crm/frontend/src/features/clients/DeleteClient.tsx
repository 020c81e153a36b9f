import { useEffect, useRef, useState } from "react";
import { useCrmApi } from "../../api/context";
import { ApiError, PRECONDITION_FAILED } from "../../api/errors";
import type { Client } from "../../api/types";
import { ConflictNotice } from "../../components/ConflictNotice";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useNavigation } from "../../router";

/**
 * "Delete client" with an in-page confirmation (no window.confirm: it blocks the page and
 * cannot be styled or labelled). The DELETE carries `If-Match`, so a client someone changed in
 * the meantime is not deleted unseen.
 */
export function DeleteClient({ client, etag, onReload }: { client: Client; etag: string | null; onReload: () => void }) {
  const api = useCrmApi();
  const { navigate } = useNavigation();
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  const remove = async () => {
    setDeleting(true);
    setError(null);
    try {
      await api.deleteClient(client.id, etag);
      navigate("/clients?deleted=1");
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setError(caught);
      setConfirming(false);
      setDeleting(false);
    }
  };

  return (
    <div className="danger-zone">
      {confirming ? (
        <div role="group" aria-label="Confirm deletion">
          <p>Delete {client.full_name} for good? This cannot be undone.</p>
          <button
            type="button"
            ref={confirmRef}
            className="danger"
            disabled={deleting}
            onClick={() => {
              void remove();
            }}
          >
            {deleting ? "Deleting…" : "Yes, delete"}
          </button>{" "}
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setConfirming(false);
            }}
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="danger"
          onClick={() => {
            setError(null);
            setConfirming(true);
          }}
        >
          Delete client
        </button>
      )}
      {error &&
        (error.status === PRECONDITION_FAILED ? (
          <ConflictNotice error={error} what="client" onReload={onReload} />
        ) : (
          <ErrorNotice error={error} title="The client was not deleted" action="delete clients" focus />
        ))}
    </div>
  );
}
