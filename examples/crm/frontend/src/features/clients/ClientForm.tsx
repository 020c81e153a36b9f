import { useState, type ReactNode, type SyntheticEvent } from "react";
import { formText } from "../../forms";
import { ApiError } from "../../api/errors";
import type { ClientCreate } from "../../api/types";
import type { FormDraftHandle } from "../../auth/context";
import { ErrorNotice } from "../../components/ErrorNotice";
import { useNavigation } from "../../router";
import { ClientFields, focusFirstInvalid, type ClientFormValues } from "./ClientFields";
import { validateClient, type ClientFormErrors } from "./validateClient";

/** A save the API refused, with the checked input the user tried to save (a 412 shows it again). */
interface Refusal {
  error: ApiError;
  attempted: ClientCreate;
}

export interface ClientFormProps {
  /** The form's accessible name ("New client", "Edit client"). */
  label: string;
  /**
   * The page's draft (`useFormDraft`): it stays with the page, which needs its `baseEtag` to save
   * an edit and discards it when the user reloads a newer version.
   */
  draft: FormDraftHandle;
  /** What the fields show when no draft came back: the client being edited, or nothing. */
  initialValues?: ClientFormValues;
  /** Said above the form when a draft came back (after a 401, the login and the return here). */
  restoredNotice: string;
  submitLabel: string;
  /** The notice for a refused save: its title, and what a 403 says the user's role cannot do. */
  refusalNotice: { title: string; action: string };
  /**
   * Sends the checked input. Resolves with the page to open once it is saved (the draft is
   * dropped then); rejects with the API's `ApiError` when it refuses.
   */
  save: (body: ClientCreate) => Promise<string>;
  /**
   * A notice of the page's own for a refusal that needs more than the standard one (the edit's
   * 412), or `undefined` to show the standard notice.
   */
  explainRefusal?: (error: ApiError, attempted: ClientCreate) => ReactNode;
}

/**
 * The behaviour the new-client and edit forms share: the fields, checked before any request
 * with focus on the first problem; the input kept as a draft while typing so a 401 → login →
 * back here loses nothing; one save at a time; the API's refusal explained under the form.
 */
export function ClientForm({ label, draft, initialValues = {}, restoredNotice, submitLabel, refusalNotice, save, explainRefusal }: ClientFormProps) {
  const { navigate } = useNavigation();
  const [errors, setErrors] = useState<ClientFormErrors>({});
  const [refusal, setRefusal] = useState<Refusal | null>(null);
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
    // A new attempt: the previous refusal no longer describes what is on screen.
    setRefusal(null);
    if ("errors" in checked) {
      setErrors(checked.errors);
      focusFirstInvalid(formElement, checked.errors);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const next = await save(checked.body);
      draft.discard();
      navigate(next);
    } catch (caught) {
      // Anything but the API's answer is a bug: let it surface rather than show it as a refusal.
      if (!(caught instanceof ApiError)) throw caught;
      setRefusal({ error: caught, attempted: checked.body });
      setSaving(false);
    }
  };

  return (
    <>
      {draft.restored && (
        <p role="status" className="notice">
          {restoredNotice}
        </p>
      )}
      <form
        className="stacked-form"
        noValidate
        aria-label={label}
        onInput={draft.onInput}
        onSubmit={(event) => {
          void onSubmit(event);
        }}
      >
        <ClientFields defaults={draft.restored?.values ?? initialValues} errors={errors} />
        {refusal &&
          (explainRefusal?.(refusal.error, refusal.attempted) ?? (
            <ErrorNotice error={refusal.error} title={refusalNotice.title} action={refusalNotice.action} focus />
          ))}
        <button type="submit" disabled={saving}>
          {saving ? "Saving…" : submitLabel}
        </button>
      </form>
    </>
  );
}
