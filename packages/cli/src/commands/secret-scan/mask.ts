/**
 * Masking printed text. A secret is masked wherever it occurs, not only at the
 * span a rule matched: a line often holds the same value twice
 * (`print("<S>")  # api_key = "<S>"`), and two rules can match overlapping spans.
 * Every copy of every found secret — and each line of a multi-line one — is
 * covered, the covered runs are merged, and each run keeps at most a short prefix.
 */
import { maskSecret } from "../../kernel/redact.js";

/** Fragments shorter than this (the tail line of a PEM block, `==`) are masked only where a rule matched them. */
const MIN_FRAGMENT = 6;

/** The pieces of secrets to look for in printed text: each secret, and each line of a multi-line one. */
export function maskNeedles(secrets: Iterable<string>): string[] {
  const needles = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    needles.add(secret);
    // Real line breaks, or escaped ones (a PEM key inside a JSON or .env string).
    if (/[\r\n]|\\n/.test(secret)) {
      for (const piece of secret.split(/\r?\n|(?:\\r)?\\n/)) {
        const trimmed = piece.trim();
        if (trimmed.length >= MIN_FRAGMENT) needles.add(trimmed);
      }
    }
  }
  // Longest first, so a run is measured from the widest secret that covers it.
  return [...needles].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every occurrence of every needle masked, plus the given extra spans
 * (`[start, end)`, e.g. where a rule matched a value that continues past this text).
 *
 * @example
 * maskEverywhere('a = "s3cr3tValue" # "s3cr3tValue"', ["s3cr3tValue"]) // 'a = "s3cr********" # "s3cr********"'
 */
export function maskEverywhere(text: string, needles: readonly string[], spans: readonly (readonly [number, number])[] = []): string {
  const covered: [number, number][] = spans.map(([start, end]) => [Math.max(0, start), Math.min(text.length, end)]);
  for (const needle of needles) {
    if (needle.length > text.length) continue;
    for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) covered.push([at, at + needle.length]);
  }
  if (covered.length === 0) return text;
  covered.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  let out = "";
  let cursor = 0;
  let runStart = -1;
  let runEnd = -1;
  const flush = (): void => {
    if (runStart < 0) return;
    out += text.slice(cursor, runStart) + maskSecret(text.slice(runStart, runEnd), 4);
    cursor = runEnd;
  };
  for (const [start, end] of covered) {
    if (end <= start) continue;
    if (runStart >= 0 && start <= runEnd) {
      runEnd = Math.max(runEnd, end);
      continue;
    }
    flush();
    runStart = start;
    runEnd = end;
  }
  flush();
  return out + text.slice(cursor);
}
