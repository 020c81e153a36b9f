import { describe, expect, it } from "vitest";
import { createDraftStore, formValues } from "./drafts";

describe("createDraftStore", () => {
  const draft = { values: { full_name: "Siobhán O'Brien" }, etag: null };

  it("keeps drafts when the same user signs in again, drops them for another user", () => {
    const drafts = createDraftStore();
    drafts.claim(3);
    drafts.save("client-new", draft);
    drafts.claim(3);
    expect(drafts.get("client-new")).toEqual(draft);
    drafts.claim(4);
    expect(drafts.get("client-new")).toBeUndefined();
  });

  it("forgets everything, and the owner, on clear (sign-out)", () => {
    const drafts = createDraftStore();
    drafts.claim(3);
    drafts.save("a", draft);
    drafts.save("b", draft);
    drafts.discard("a");
    expect(drafts.get("a")).toBeUndefined();
    expect(drafts.get("b")).toEqual(draft);
    drafts.clear();
    expect(drafts.get("b")).toBeUndefined();
  });
});

describe("formValues", () => {
  it("reads named inputs, selects and text areas, never passwords or files", () => {
    const form = document.createElement("form");
    form.innerHTML = `
      <input name="email" value="nia@example.com">
      <input name="password" type="password" value="secret">
      <input name="upload" type="file">
      <input value="no name">
      <select name="role"><option value="a">A</option><option value="b" selected>B</option></select>
      <textarea name="notes">Prefers mornings</textarea>`;
    expect(formValues(form)).toEqual({ email: "nia@example.com", role: "b", notes: "Prefers mornings" });
  });
});
