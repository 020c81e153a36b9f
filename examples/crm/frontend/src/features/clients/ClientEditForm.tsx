import { Fragment, useState, type SyntheticEvent } from "react";
import { formText } from "../../forms";
import { useCrmApi } from "../../api/context";
import { ApiError, PRECONDITION_FAILED } from "../../api/errors";
import type { Client, ClientUpdate } from "../../api/types";
import { useApiData } from "../../api/useApiData";
import { useFormDraft } from "../../auth/context";
import { ConflictNotice } from "../../components/ConflictNotice";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Loading } from "../../components/Loading";
import { Link, useNavigation } from "../../router";
import { ClientFields, focusFirstInvalid } from "./ClientFields";
import { validateClient, type ClientFormErrors } from "./validateClient";

const FIELD_LABELS: Record<keyof ClientUpdate, string> = { full_name: "Full name", email: "E-mail", phone: "Phone", notes: "Notes" };

/** Only the fields that differ from the record as read: PATCH leaves the others alone. */
export function changedFields(before: Client, after: Required<ClientUpdate>): ClientUpdate {
  const changes: ClientUpdate = {};
  if (after.full_name !== before.full_name) changes.full_name = after.full_name;
  if (after.email !== before.email) changes.email = after.email;
  if (after.phone !== before.phone) changes.phone = after.phone;
  if (after.notes !== before.notes) changes.notes = after.notes;
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
  const { navigate } = useNavigation();
  const draft = useFormDraft(`client-edit:${client.id}`, etag);
  const [errors, setErrors] = useState<ClientFormErrors>({});
  const [apiError, setApiError] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<{ error: ApiError; unsaved: ClientUpdate } | null>(null);
  const [saving, setSaving] = useState(false);

  const onSubmit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const checked = validateClient({
      full_name: formText(form, "full_name"),
      email: formText(form, "email"),
      phone: formText(form, "phone"),
      notes: formText(form, "notes"),
    });
    setApiError(null);
    setConflict(null);
    if ("errors" in checked) {
      setErrors(checked.errors);
      focusFirstInvalid(formElement, checked.errors);
      return;
    }
    setErrors({});
    const { full_name, email, phone = null, notes = "" } = checked.body;
    const changes = changedFields(client, { full_name, email, phone, notes });
    if (Object.keys(changes).length === 0 && draft.baseEtag === etag) {
      draft.discard();
      navigate(`/clients/${client.id}`);
      return;
    }
    setSaving(true);
    try {
      await api.updateClient(client.id, changes, draft.baseEtag);
      draft.discard();
      navigate(`/clients/${client.id}?updated=1`);
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      if (caught.status === PRECONDITION_FAILED) setConflict({ error: caught, unsaved: changes });
      else setApiError(caught);
      setSaving(false);
    }
  };

  const reloadLatest = () => {
    // The draft was written against the old version; the latest one starts clean.
    draft.discard();
    onReload();
  };

  return (
    <section aria-labelledby="edit-client-heading">
      <p>
        <Link to={`/clients/${client.id}`}>← Back to {client.full_name}</Link>
      </p>
      <h1 id="edit-client-heading">Edit {client.full_name}</h1>
      {draft.restored && (
        <p role="status" className="notice">
          Your unsaved changes are back: check them and save.
        </p>
      )}
      <form
        className="stacked-form"
        noValidate
        aria-label="Edit client"
        onInput={draft.onInput}
        onSubmit={(event) => {
          void onSubmit(event);
        }}
      >
        <ClientFields
          defaults={draft.restored?.values ?? { full_name: client.full_name, email: client.email, phone: client.phone ?? "", notes: client.notes }}
          errors={errors}
        />
        {conflict && (
          <ConflictNotice error={conflict.error} what="client" onReload={reloadLatest}>
            {Object.keys(conflict.unsaved).length > 0 && (
              <>
                <p>The changes you tried to save (copy what you need before reloading):</p>
                <dl className="facts">
                  {(Object.keys(conflict.unsaved) as (keyof ClientUpdate)[]).map((field) => (
                    <Fragment key={field}>
                      <dt>{FIELD_LABELS[field]}</dt>
                      <dd>{conflict.unsaved[field] ?? "—"}</dd>
                    </Fragment>
                  ))}
                </dl>
              </>
            )}
          </ConflictNotice>
        )}
        {apiError && <ErrorNotice error={apiError} title="The changes were not saved" action="edit clients" focus />}
        <button type="submit" disabled={saving}>
          {saving ? "Saving…" : "Save changes"}
        </button>
      </form>
    </section>
  );
}
