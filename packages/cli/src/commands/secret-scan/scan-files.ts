/**
 * Scan files and blobs (bytes in, findings out): size cap and binary sniffing
 * before decoding, then `scanText`. Used by every mode and by the worker thread.
 */
import { isAscii } from "node:buffer";
import { lstatSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fingerprintOf, PKCS12_RULE, scanText, type SecretMatch } from "./detect.js";
import { isPkcs12, looksBinary } from "./filters.js";
import { maskEverywhere, maskNeedles } from "./mask.js";

/** A finding with where it was found and a masked excerpt of its line. */
export interface SecretFinding extends SecretMatch {
  /** Relative to the working directory, forward slashes. */
  file: string;
  /** The line with every secret on it masked, cut to at most 120 characters. */
  excerpt: string;
  /** History mode: the commit that added the line (the oldest, once collapsed). */
  commit?: string;
  /** History mode: the newest commit that added it again (the same secret re-added, or a `.env` changed). */
  lastCommit?: string;
  /** History mode: how many commits added it. */
  commits?: number;
}

export interface ScanStats {
  files: number;
  bytes: number;
  skippedBinary: number;
  skippedLarge: number;
}

export function emptyStats(): ScanStats {
  return { files: 0, bytes: 0, skippedBinary: 0, skippedLarge: 0 };
}

export function addStats(into: ScanStats, from: ScanStats): void {
  into.files += from.files;
  into.bytes += from.bytes;
  into.skippedBinary += from.skippedBinary;
  into.skippedLarge += from.skippedLarge;
}

const EXCERPT_WIDTH = 120;

/** Every value to mask for these matches: their secrets and what vaguer rules matched over them. */
export function secretsOf(matches: readonly SecretMatch[]): string[] {
  return matches.flatMap((match) => (match.line === 0 ? [] : [match.secret, ...(match.overlapping ?? [])]));
}

/**
 * The finding's line with every copy of every secret found in the text masked
 * (not only the matched spans), trimmed around the finding.
 */
export function maskedExcerpt(lines: string[], matches: SecretMatch[], match: SecretMatch, needles = maskNeedles(secretsOf(matches))): string {
  if (match.line === 0) return "";
  const raw = (lines[match.line - 1] ?? "").replace(/\r$/, "");
  // The matched spans too: a multi-line secret (a private key) masks the rest of its first line.
  const spans = matches
    .filter((other) => other.line === match.line)
    .map((other) => [other.column - 1, other.column - 1 + other.secret.length] as const);
  const text = maskEverywhere(raw, needles, spans);
  if (text.length <= EXCERPT_WIDTH) return text.trim();
  // Where the finding starts in the masked line: the masked prefix before it is shorter.
  const at = maskEverywhere(raw.slice(0, match.column - 1), needles).length;
  const from = Math.max(0, at - 40);
  return `${from > 0 ? "…" : ""}${text.slice(from, from + EXCERPT_WIDTH).trim()}…`;
}

/** Findings of one text, with file and excerpts filled in. */
export function findingsOf(text: string, file: string, commit?: string): SecretFinding[] {
  const matches = scanText(text, file);
  if (matches.length === 0) return [];
  const lines = text.split("\n");
  const needles = maskNeedles(secretsOf(matches));
  return matches.map((match) => ({ ...match, file, excerpt: maskedExcerpt(lines, matches, match, needles), ...(commit ? { commit } : {}) }));
}

/** A committed PKCS#12 key store: a whole-file finding, like a `.env`. */
function pkcs12Finding(file: string): SecretFinding {
  return { rule: PKCS12_RULE, line: 0, column: 0, secret: file, masked: file, fingerprint: fingerprintOf(PKCS12_RULE, file), file, excerpt: "" };
}

/** Scan one file's bytes: too large or binary content is skipped (a `.env` name is still a finding). */
export function scanBytes(content: Uint8Array, file: string, maxBytes: number, stats: ScanStats): SecretFinding[] {
  if (content.length > maxBytes) {
    stats.skippedLarge++;
    return findingsOf("", file);
  }
  if (looksBinary(content)) {
    stats.skippedBinary++;
    if (isPkcs12(content)) return [...findingsOf("", file), pkcs12Finding(file)];
    return findingsOf("", file);
  }
  stats.files++;
  stats.bytes += content.length;
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.length);
  // ASCII (most source) decodes the same as latin1, which skips UTF-8 validation.
  return findingsOf(bytes.toString(isAscii(bytes) ? "latin1" : "utf8"), file);
}

export interface FileListResult {
  findings: SecretFinding[];
  stats: ScanStats;
  /** Listed (by git) but gone from the working tree. */
  missing: string[];
  /** Files that exist but could not be read: the scan is incomplete. */
  unreadable: { file: string; reason: string }[];
}

/** Scan files (relative to `cwd`) synchronously: the fastest way through many small files. */
export function scanFileList(cwd: string, files: string[], maxBytes: number): FileListResult {
  const result: FileListResult = { findings: [], stats: emptyStats(), missing: [], unreadable: [] };
  for (const file of files) {
    const path = join(cwd, file);
    try {
      const info = lstatSync(path);
      if (!info.isFile()) continue;
      if (info.size > maxBytes) {
        result.stats.skippedLarge++;
        result.findings.push(...findingsOf("", file));
        continue;
      }
      result.findings.push(...scanBytes(readFileSync(path), file, maxBytes, result.stats));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") result.missing.push(file);
      else result.unreadable.push({ file, reason: code === "EACCES" || code === "EPERM" ? "permission denied" : (error as Error).message });
    }
  }
  return result;
}
