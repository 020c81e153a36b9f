import type { InputHTMLAttributes } from "react";
import type { ClientFormErrors } from "./validateClient";

export type ClientFormValues = Partial<Record<"full_name" | "email" | "phone" | "notes", string>>;

/** The labelled inputs of a client, shared by the new-client and edit forms. */
export function ClientFields({ defaults = {}, errors }: { defaults?: ClientFormValues; errors: ClientFormErrors }) {
  return (
    <>
      <CheckedInput name="full_name" label="Full name" error={errors.full_name} autoComplete="name" maxLength={120} defaultValue={defaults.full_name} />
      <CheckedInput name="email" label="E-mail" error={errors.email} type="email" autoComplete="email" maxLength={320} defaultValue={defaults.email} />
      <CheckedInput name="phone" label="Phone (optional)" error={errors.phone} type="tel" autoComplete="tel" maxLength={24} defaultValue={defaults.phone} />
      <label>
        Notes
        <textarea name="notes" rows={3} maxLength={10000} defaultValue={defaults.notes} />
      </label>
    </>
  );
}

/**
 * An input the form checks: its message stands under it and is tied to it with
 * aria-describedby, so a screen reader reads the problem with the field.
 */
function CheckedInput({ name, label, error, ...input }: { name: keyof ClientFormErrors; label: string; error: string | undefined } & InputHTMLAttributes<HTMLInputElement>) {
  const errorId = `${name}-error`;
  return (
    <>
      <label>
        {label}
        <input name={name} {...input} aria-invalid={Boolean(error)} aria-describedby={error ? errorId : undefined} />
      </label>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </>
  );
}

/** Moves focus to the first field the check refused, so keyboard and screen-reader users land on it. */
export function focusFirstInvalid(form: HTMLFormElement, errors: ClientFormErrors): void {
  const first = (["full_name", "email", "phone"] as const).find((name) => errors[name]);
  if (first) form.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
}
