import { useState, type SyntheticEvent } from "react";
import { formText } from "../../forms";
import { useCrmApi } from "../../api/context";
import { ApiError } from "../../api/errors";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useNavigation } from "../../router";
import { validateClient, type ClientFormErrors } from "./validateClient";

export function ClientCreateForm() {
  const api = useCrmApi();
  const { navigate } = useNavigation();
  const [errors, setErrors] = useState<ClientFormErrors>({});
  const [apiError, setApiError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);

  const onSubmit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const checked = validateClient({
      full_name: formText(form, "full_name"),
      email: formText(form, "email"),
      phone: formText(form, "phone"),
      notes: formText(form, "notes"),
    });
    setApiError(null);
    if ("errors" in checked) {
      setErrors(checked.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const created = await api.createClient(checked.body);
      navigate(`/clients/${created.data.id}?created=1`);
    } catch (caught) {
      if (!(caught instanceof ApiError)) throw caught;
      setApiError(caught);
      setSaving(false);
    }
  };

  const describedBy = (name: keyof ClientFormErrors) => (errors[name] ? `${name}-error` : undefined);
  return (
    <section aria-labelledby="new-client-heading">
      <h1 id="new-client-heading">New client</h1>
      <form
        className="stacked-form"
        noValidate
        aria-label="New client"
        onSubmit={(event) => {
          void onSubmit(event);
        }}
      >
        <label>
          Full name
          <input name="full_name" autoComplete="name" maxLength={120} aria-invalid={Boolean(errors.full_name)} aria-describedby={describedBy("full_name")} />
        </label>
        {errors.full_name && <p id="full_name-error" className="field-error">{errors.full_name}</p>}
        <label>
          E-mail
          <input name="email" type="email" autoComplete="email" maxLength={320} aria-invalid={Boolean(errors.email)} aria-describedby={describedBy("email")} />
        </label>
        {errors.email && <p id="email-error" className="field-error">{errors.email}</p>}
        <label>
          Phone (optional)
          <input name="phone" type="tel" autoComplete="tel" maxLength={24} aria-invalid={Boolean(errors.phone)} aria-describedby={describedBy("phone")} />
        </label>
        {errors.phone && <p id="phone-error" className="field-error">{errors.phone}</p>}
        <label>
          Notes
          <textarea name="notes" rows={3} maxLength={10000} />
        </label>
        {apiError && <ErrorNotice error={apiError} title="The client was not saved" />}
        <button type="submit" disabled={saving}>
          {saving ? "Saving…" : "Create client"}
        </button>
      </form>
    </section>
  );
}
