import { describe, expect, it } from "vitest";
import { validateClient } from "./validateClient";

const valid = { full_name: "Siobhán O'Brien", email: "siobhan@example.com", phone: "", notes: "" };

describe("validateClient", () => {
  it("accepts names in any script with apostrophes, and trims them", () => {
    expect(validateClient({ ...valid, full_name: "  Siobhán O'Brien " })).toEqual({
      body: { full_name: "Siobhán O'Brien", email: "siobhan@example.com", phone: null, notes: "" },
    });
    expect("body" in validateClient({ ...valid, full_name: "Zoë Smith-Jones" })).toBe(true);
    expect("body" in validateClient({ ...valid, full_name: "李小龍" })).toBe(true);
    expect("body" in validateClient({ ...valid, full_name: "Marks & Co." })).toBe(true);
  });

  it("keeps notes verbatim and a valid phone", () => {
    expect(validateClient({ ...valid, phone: " +44 20 7946 0958 ", notes: "  <b>keys</b> at desk " })).toEqual({
      body: { full_name: "Siobhán O'Brien", email: "siobhan@example.com", phone: "+44 20 7946 0958", notes: "  <b>keys</b> at desk " },
    });
  });

  it.each([
    [{ full_name: "" }, "full_name", "Enter the client's full name."],
    [{ full_name: "x".repeat(121) }, "full_name", "Names can be at most 120 characters."],
    [{ full_name: "<script>alert(1)</script>" }, "full_name", "Use letters, spaces and ' ’ - . & only."],
    [{ full_name: "'-." }, "full_name", "Use letters, spaces and ' ’ - . & only."],
    [{ email: "" }, "email", "Enter an e-mail address."],
    [{ email: "not-an-email" }, "email", "Enter an e-mail address like name@example.com."],
    [{ phone: "12" }, "phone", "Enter a phone number such as +44 20 7946 0958."],
    [{ phone: "+1 234 567 890 123 456 7" }, "phone", "Enter a phone number such as +44 20 7946 0958."],
  ])("%j → %s: %s", (override, field, message) => {
    expect(validateClient({ ...valid, ...override })).toEqual({ errors: { [field]: message } });
  });
});
