import type { ClientFormErrors } from "./validateClient";

export type ClientFormValues = Partial<Record<"full_name" | "email" | "phone" | "notes", string>>;

/** The labelled inputs of a client, shared by the new-client and edit forms. */
export function ClientFields({ defaults = {}, errors }: { defaults?: ClientFormValues; errors: ClientFormErrors }) {
  const describedBy = (name: keyof ClientFormErrors) => (errors[name] ? `${name}-error` : undefined);
  return (
    <>
      <label>
        Full name
        <input
          name="full_name"
          autoComplete="name"
          maxLength={120}
          defaultValue={defaults.full_name}
          aria-invalid={Boolean(errors.full_name)}
          aria-describedby={describedBy("full_name")}
        />
      </label>
      {errors.full_name && <p id="full_name-error" className="field-error">{errors.full_name}</p>}
      <label>
        E-mail
        <input
          name="email"
          type="email"
          autoComplete="email"
          maxLength={320}
          defaultValue={defaults.email}
          aria-invalid={Boolean(errors.email)}
          aria-describedby={describedBy("email")}
        />
      </label>
      {errors.email && <p id="email-error" className="field-error">{errors.email}</p>}
      <label>
        Phone (optional)
        <input
          name="phone"
          type="tel"
          autoComplete="tel"
          maxLength={24}
          defaultValue={defaults.phone}
          aria-invalid={Boolean(errors.phone)}
          aria-describedby={describedBy("phone")}
        />
      </label>
      {errors.phone && <p id="phone-error" className="field-error">{errors.phone}</p>}
      <label>
        Notes
        <textarea name="notes" rows={3} maxLength={10000} defaultValue={defaults.notes} />
      </label>
    </>
  );
}

/** Moves focus to the first field the check refused, so keyboard and screen-reader users land on it. */
export function focusFirstInvalid(form: HTMLFormElement, errors: ClientFormErrors): void {
  const first = (["full_name", "email", "phone"] as const).find((name) => errors[name]);
  if (first) form.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
}
