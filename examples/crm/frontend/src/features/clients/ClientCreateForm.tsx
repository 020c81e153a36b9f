import { useState, type SyntheticEvent } from "react";
import { formText } from "../../forms";
import { useCrmApi } from "../../api/context";
import { ApiError } from "../../api/errors";
import { useFormDraft } from "../../auth/context";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useNavigation } from "../../router";
import { ClientFields, focusFirstInvalid } from "./ClientFields";
import { validateClient, type ClientFormErrors } from "./validateClient";

export function ClientCreateForm() {
  const api = useCrmApi();
  const { navigate } = useNavigation();
  const draft = useFormDraft("client-new");
  const [errors, setErrors] = useState<ClientFormErrors>({});
  const [apiError, setApiError] = useState<ApiError | null>(null);
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
    if ("errors" in checked) {
      setErrors(checked.errors);
      focusFirstInvalid(formElement, checked.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const created = await api.createClient(checked.body);
      draft.discard();
      navigate(`/clients/${created.data.id}?created=1`);
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setApiError(caught);
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="new-client-heading">
      <h1 id="new-client-heading">New client</h1>
      {draft.restored && (
        <p role="status" className="notice">
          Your unsaved input is back: check it and create the client.
        </p>
      )}
      <form
        className="stacked-form"
        noValidate
        aria-label="New client"
        onInput={draft.onInput}
        onSubmit={(event) => {
          void onSubmit(event);
        }}
      >
        <ClientFields defaults={draft.restored?.values ?? {}} errors={errors} />
        {apiError && <ErrorNotice error={apiError} title="The client was not saved" action="create clients" focus />}
        <button type="submit" disabled={saving}>
          {saving ? "Saving…" : "Create client"}
        </button>
      </form>
    </section>
  );
}
