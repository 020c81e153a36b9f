import { Fragment } from "react";
import { useCrmApi } from "../../api/context";
import { PRECONDITION_FAILED, type ApiError } from "../../api/errors";
import type { Client, ClientCreate, ClientUpdate } from "../../api/types";
import { useApiData } from "../../api/useApiData";
import { useFormDraft } from "../../auth/context";
import { ConflictNotice } from "../../components/ConflictNotice";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { Link } from "../../router";
import { ClientForm } from "./ClientForm";

const FIELD_LABELS: Record<keyof ClientUpdate, string> = { full_name: "Full name", email: "E-mail", phone: "Phone", notes: "Notes" };

/**
 * Only the fields of the checked input that differ from the record as read: PATCH leaves the
 * others alone. A phone left empty (null) clears the stored one.
 */
export function changedFields(before: Client, { full_name, email, phone = null, notes = "" }: ClientCreate): ClientUpdate {
  const changes: ClientUpdate = {};
  if (full_name !== before.full_name) changes.full_name = full_name;
  if (email !== before.email) changes.email = email;
  if (phone !== before.phone) changes.phone = phone;
  if (notes !== before.notes) changes.notes = notes;
  return changes;
}

/** /clients/:id/edit: reads the client with its ETag, saves with If-Match. */
export function ClientEditPage({ id }: { id: number }) {
  const api = useCrmApi();
  const [client, reload] = useApiData((signal) => api.getClient(id, signal), [api, id]);
  if (client.state === "loading") return <Loading what="client" />;
  if (client.state === "error") return <ErrorNotice error={client.error} title="Could not load this client" action="view clients" />;
  // A new version (after "Reload the latest version") is a fresh form.
  return <ClientEditForm key={client.etag ?? client.requestId} client={client.data} etag={client.etag} onReload={reload} />;
}

function ClientEditForm({ client, etag, onReload }: { client: Client; etag: string | null; onReload: () => void }) {
  const api = useCrmApi();
  const draft = useFormDraft(`client-edit:${client.id}`, etag);

  const save = async (body: ClientCreate) => {
    const changes = changedFields(client, body);
    // Nothing to send — unless the input came back from a draft of an older version: that PATCH
    // must still go out with the old If-Match, so the user learns (412) that the client moved on.
    if (Object.keys(changes).length === 0 && draft.baseEtag === etag) return `/clients/${client.id}`;
    await api.updateClient(client.id, changes, draft.baseEtag);
    return `/clients/${client.id}?updated=1`;
  };

  const reloadLatest = () => {
    // The draft was written against the old version; the latest one starts clean.
    draft.discard();
    onReload();
  };

  const explainConflict = (error: ApiError, attempted: ClientCreate) => {
    if (error.status !== PRECONDITION_FAILED) return undefined;
    const unsaved = changedFields(client, attempted);
    return (
      <ConflictNotice error={error} what="client" onReload={reloadLatest}>
        {Object.keys(unsaved).length > 0 && (
          <>
            <p>The changes you tried to save (copy what you need before reloading):</p>
            <dl className="facts">
              {(Object.keys(unsaved) as (keyof ClientUpdate)[]).map((field) => (
                <Fragment key={field}>
                  <dt>{FIELD_LABELS[field]}</dt>
                  <dd>{unsaved[field] ?? "—"}</dd>
                </Fragment>
              ))}
            </dl>
          </>
        )}
      </ConflictNotice>
    );
  };

  return (
    <section aria-labelledby="edit-client-heading">
      <p>
        <Link to={`/clients/${client.id}`}>← Back to {client.full_name}</Link>
      </p>
      <h1 id="edit-client-heading">Edit {client.full_name}</h1>
      <ClientForm
        label="Edit client"
        draft={draft}
        initialValues={{ full_name: client.full_name, email: client.email, phone: client.phone ?? "", notes: client.notes }}
        restoredNotice="Your unsaved changes are back: check them and save."
        submitLabel="Save changes"
        refusalNotice={{ title: "The changes were not saved", action: "edit clients" }}
        save={save}
        explainRefusal={explainConflict}
      />
    </section>
  );
}
