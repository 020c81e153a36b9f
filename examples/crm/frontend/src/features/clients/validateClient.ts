import type { ClientCreate } from "../../api/types";

export type ClientFormErrors = Partial<Record<"full_name" | "email" | "phone", string>>;

// The same allow-lists as the API (backend/app/core/validation.py), so most mistakes are caught
// before a round trip. The API stays the authority: its 400 answers are shown as well.
const NAME_CHARACTERS = /^[\p{L}\p{M} '’\-.&]+$/u;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE = /^\+?[0-9][0-9 ().-]{5,22}[0-9]$/;

/** Check the new-client form; returns the body to send, or per-field messages. */
export function validateClient(input: { full_name: string; email: string; phone: string; notes: string }): { body: ClientCreate } | { errors: ClientFormErrors } {
  const errors: ClientFormErrors = {};
  const fullName = input.full_name.trim();
  const email = input.email.trim();
  const phone = input.phone.trim();
  if (fullName === "") errors.full_name = "Enter the client's full name.";
  else if (fullName.length > 120) errors.full_name = "Names can be at most 120 characters.";
  else if (!NAME_CHARACTERS.test(fullName) || !/\p{L}/u.test(fullName)) {
    errors.full_name = "Use letters, spaces and ' ’ - . & only.";
  }
  if (email === "") errors.email = "Enter an e-mail address.";
  else if (!EMAIL.test(email) || email.length > 320) errors.email = "Enter an e-mail address like name@example.com.";
  if (phone !== "") {
    const digits = phone.replace(/\D/g, "").length;
    if (!PHONE.test(phone) || digits < 7 || digits > 15) errors.phone = "Enter a phone number such as +44 20 7946 0958.";
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { body: { full_name: fullName, email, phone: phone === "" ? null : phone, notes: input.notes } };
}
