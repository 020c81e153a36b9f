/**
 * Unsaved form input, kept so that a user sent to the login page by a 401 finds their typing
 * again after signing back in. In memory only (like the token): drafts hold client data.
 * They belong to one user — signing in as someone else, or signing out, drops them.
 */
export interface FormDraft {
  values: Readonly<Record<string, string>>;
  /** The ETag of the record the edit started from, so a stale draft still gets its 412. */
  etag: string | null;
}

export interface DraftStore {
  get(key: string): FormDraft | undefined;
  save(key: string, draft: FormDraft): void;
  discard(key: string): void;
  /** Called on every sign-in: keeps the drafts if `userId` wrote them, drops them otherwise. */
  claim(userId: number): void;
  clear(): void;
}

export function createDraftStore(): DraftStore {
  const drafts = new Map<string, FormDraft>();
  let owner: number | null = null;
  return {
    get: (key) => drafts.get(key),
    save(key, draft) {
      drafts.set(key, draft);
    },
    discard(key) {
      drafts.delete(key);
    },
    claim(userId) {
      if (owner !== userId) drafts.clear();
      owner = userId;
    },
    clear() {
      drafts.clear();
      owner = null;
    },
  };
}

/** The named text fields of a form; passwords and files are never kept. */
export function formValues(form: HTMLFormElement): Record<string, string> {
  const values: Record<string, string> = {};
  for (const element of Array.from(form.elements)) {
    if (!(element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement)) continue;
    if (element.name === "" || (element instanceof HTMLInputElement && (element.type === "password" || element.type === "file"))) continue;
    values[element.name] = element.value;
  }
  return values;
}
