/**
 * Detection on strings: no files, no git. `scanText` runs one combined keyword
 * pass over the text, then only the rules whose keywords occurred, then the
 * false-positive filters. Walking files, blobs and history lives in `sources.ts`.
 */
import { createHash } from "node:crypto";
import { maskSecret } from "../../kernel/redact.js";
import {
  insideDataUri,
  insidePublicKeyBlock,
  isDotEnvFile,
  isKnownNonSecretShape,
  isLockfile,
  isMinified,
  looksLikeCodeOrWords,
  isPlaceholder,
  isSelfDescribing,
  shannonEntropy,
} from "./filters.js";
import { KeywordMatcher } from "./keywords.js";
import { SECRET_RULES } from "./rules/index.js";
import type { SecretRule } from "./rules/types.js";

/** One secret found in a text. `secret` is the raw value: use it for fingerprints, never print it. */
export interface SecretMatch {
  /** Rule id, e.g. `stripe-secret-key`. */
  rule: string;
  /** 1-based line; 0 when the whole file is the finding (a committed `.env`). */
  line: number;
  /** 1-based column of the secret's first character (0 for whole-file findings). */
  column: number;
  secret: string;
  /** The secret with at most a short prefix kept. */
  masked: string;
  /** `rule:hash(rule, secret)` — stable when code moves, different for a different secret. */
  fingerprint: string;
  /**
   * Values vaguer rules matched over this one's span and were dropped for it
   * (`api_key = "<token>tail"`): masked on printed lines too, never printed.
   */
  overlapping?: string[];
  /** `"format"`: the provider's published checksum holds (issued in that format; not a live check). */
  verified?: "format";
  /** `"base64"`: found by decoding the value at this position (the secret is the encoded text). */
  decoded?: "base64";
}

/** The marker that suppresses findings on its line: `// crm-devex:allow test fixture`. */
export const ALLOW_MARKER = "crm-devex:allow";
/** Rule id of the whole-file `.env` finding. */
export const DOTENV_RULE = "dotenv-file";
/** Rule id of the whole-file PKCS#12 key store finding. */
export const PKCS12_RULE = "pkcs12-file";

interface CompiledRule {
  rule: SecretRule;
  index: number;
  regex: RegExp;
  group: number;
}

interface Engine {
  rules: CompiledRule[];
  keywords: KeywordMatcher;
  /** keyword index → indexes of the rules to run when it occurs. */
  rulesByKeyword: number[][];
  /** Rules without keywords: always run. */
  alwaysRun: number[];
}

function countGroups(regex: RegExp): number {
  return new RegExp(`${regex.source}|`).exec("")!.length - 1;
}

/** Prefilter keywords are cut to this many characters (see `buildEngine`). */
const KEYWORD_PREFIX = 10;

let engine: Engine | undefined;

function buildEngine(): Engine {
  const rules = [...SECRET_RULES.values()].map((rule, index) => {
    // `d` gives the secret group's own offsets, so the column points at the secret itself.
    const flags = [...new Set(`${rule.pattern.flags}gd`)].join("");
    return { rule, index, regex: new RegExp(rule.pattern.source, flags), group: rule.secretGroup ?? (countGroups(rule.pattern) > 0 ? 1 : 0) };
  });
  const byKeyword = new Map<string, number[]>();
  const alwaysRun: number[] = [];
  for (const { rule, index } of rules) {
    if (rule.keywords.length === 0) alwaysRun.push(index);
    for (const keyword of rule.keywords) {
      // A keyword's prefix occurs wherever the keyword does, so the prefilter keeps its meaning with
      // the first 10 characters — and the automaton stays small enough for the CPU cache.
      const key = keyword.toLowerCase().slice(0, KEYWORD_PREFIX);
      const indexes = byKeyword.get(key) ?? [];
      if (!indexes.includes(index)) indexes.push(index);
      byKeyword.set(key, indexes);
    }
  }
  return { rules, keywords: new KeywordMatcher([...byKeyword.keys()]), rulesByKeyword: [...byKeyword.values()], alwaysRun };
}

function getEngine(): Engine {
  engine ??= buildEngine();
  return engine;
}

/** Rule indexes whose keywords occur in `text` — one Aho-Corasick pass over the text. */
function candidateRules(text: string, current: Engine): number[] {
  const selected = new Set<number>(current.alwaysRun);
  for (const keyword of current.keywords.find(text)) {
    for (const index of current.rulesByKeyword[keyword]!) selected.add(index);
  }
  return [...selected].sort((a, b) => a - b);
}

/** Stable identity of a secret under a rule: a hash of both, never of the line. */
export function fingerprintOf(rule: string, secret: string): string {
  return `${rule}:${createHash("sha256").update(`${rule}\0${secret}`).digest("hex").slice(0, 16)}`;
}

class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}
  private lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf("\n"); i !== -1; i = this.text.indexOf("\n", i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }
  /** 0-based line number of a character offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  }
  lineText(line: number): string {
    const starts = this.lineStarts();
    const end = line + 1 < starts.length ? starts[line + 1]! - 1 : this.text.length;
    return this.text.slice(starts[line], end);
  }
  lineStart(line: number): number {
    return this.lineStarts()[line]!;
  }
}

export interface ScanTextOptions {
  /** Check the file name too (`.env` files are findings by name). Default true. */
  checkFileName?: boolean;
}

interface Candidate {
  ruleIndex: number;
  generic: boolean;
  start: number;
  end: number;
  secret: string;
  /** Found inside a base64-decoded value: the span is the encoded value's. */
  decoded?: boolean;
}

/** How deep base64 inside base64 is followed, and the largest encoded value decoded. */
export const DECODE_MAX_DEPTH = 2;
export const DECODE_MAX_BYTES = 64 * 1024;
/** Per text, the most base64 values decoded: a bound on the work a hostile file can cause. */
const DECODE_MAX_VALUES = 256;
/**
 * A run of base64 (or base64url) that can decode to ASCII text, in group 1: every
 * 4-character group starts with a character below `g` (the byte's high bit is 0),
 * at least 7 groups; the last group may be short and unpadded (`base64 -w0 | tr -d =`, base64url
 * never pads). It must start after a character outside the class, so inside a
 * word the engine fails after a step or two — most identifiers fail the first group.
 */
const BASE64_RUN = /(?:^|[^A-Za-z0-9+/_=-])((?:[A-Za-f][A-Za-z0-9+/_-]{3}){7,}(?:[A-Za-f][A-Za-z0-9+/_-]{1,2}={0,2})?)(?![A-Za-z0-9+/_=-])/g;

/**
 * Decoded text worth scanning: mostly printable ASCII, not binary. Cheap refusals
 * first — padding only at the end, not a path or a hex digest, and the first
 * character of each 4-character group below `g` (an ASCII byte's high bit is 0).
 */
function decodedText(encoded: string): string | undefined {
  if (encoded.length > DECODE_MAX_BYTES) return undefined;
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded) || /^[0-9a-f]+$/i.test(encoded)) return undefined;
  if ((encoded.match(/\//g)?.length ?? 0) > encoded.length / 12) return undefined;
  for (let i = 0; i < Math.min(encoded.length, 64); i += 4) {
    const code = encoded.charCodeAt(i);
    if (!((code >= 65 && code <= 90) || (code >= 97 && code <= 102))) return undefined;
  }
  const bytes = Buffer.from(encoded, /[-_]/.test(encoded) ? "base64url" : "base64");
  if (bytes.length < 16) return undefined;
  let printable = 0;
  for (const byte of bytes) if ((byte >= 32 && byte < 127) || byte === 9 || byte === 10 || byte === 13) printable++;
  return printable / bytes.length >= 0.95 ? bytes.toString("latin1") : undefined;
}

/** Every rule match in `text` that passes its checks, before overlaps are resolved. */
function collectCandidates(text: string, path: string, current: Engine, depth: number): Candidate[] {
  // Generic rules never run on decoded text: a keyword assignment inside a blob is too weak a signal.
  const genericAllowed = depth === 0 && !isLockfile(path) && !isMinified(path, text);
  const candidates: Candidate[] = [];
  // Spans a provider rule matched but its checksum refused: a made-up token, which a
  // generic rule must not then report under another name.
  const refused: [number, number][] = [];
  for (const index of candidateRules(text, current)) {
    const { rule, regex, group } = current.rules[index]!;
    if (rule.generic && !genericAllowed) continue;
    regex.lastIndex = 0;
    let match: RegExpExecArray | null;
    while ((match = regex.exec(text)) !== null) {
      if (match[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const groupIndex = group === -1 ? match.findIndex((value, index) => index > 0 && value !== undefined) : group;
      const secret = groupIndex > -1 ? match[groupIndex] : undefined;
      if (!secret) continue;
      const start = match.indices?.[groupIndex]?.[0] ?? match.index;
      if ((rule.checksum && !rule.checksum(secret)) || (rule.vetoOnFail && rule.validate && !rule.validate(secret))) {
        refused.push([start, start + secret.length]);
        continue;
      }
      if (!acceptable(rule, secret, text, start, match)) continue;
      candidates.push({ ruleIndex: index, generic: Boolean(rule.generic), start, end: start + secret.length, secret });
    }
  }
  const kept = refused.length
    ? candidates.filter((candidate) => !candidate.generic || !refused.some(([start, end]) => candidate.start < end && start < candidate.end))
    : candidates;
  if (depth >= DECODE_MAX_DEPTH || isMinified(path, text)) return kept;
  // What the decoded value is (a JWT, a provider token) says more than a generic rule's "long random value".
  const decoded = decodedCandidates(text, path, current, depth, kept);
  if (decoded.length === 0) return kept;
  const overlapsDecoded = (c: Candidate): boolean => decoded.some((d) => c.start < d.end && d.start < c.end);
  return [...kept.filter((c) => !c.generic || !overlapsDecoded(c)), ...decoded];
}

/**
 * The decoding pass: a base64 value that decodes to text is scanned again (a JWT or
 * a provider token wrapped in base64, a Docker `auth`, a Kubernetes Secret value).
 * An inner finding is reported at the encoded value, which is what the file shows.
 */
function decodedCandidates(text: string, path: string, current: Engine, depth: number, found: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  let decodedValues = 0;
  BASE64_RUN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = BASE64_RUN.exec(text)) !== null && decodedValues < DECODE_MAX_VALUES) {
    const encoded = match[1]!;
    const start = match.index + match[0].length - encoded.length;
    const end = start + encoded.length;
    const inner = decodedText(encoded);
    if (!inner) continue;
    decodedValues++;
    if (found.some((candidate) => !candidate.generic && candidate.start < end && start < candidate.end)) continue;
    if (insideDataUri(text, start) || insidePublicKeyBlock(text, start)) continue;
    const innerCandidates = collectCandidates(inner, path, current, depth + 1);
    const best = innerCandidates.sort((a, b) => a.ruleIndex - b.ruleIndex)[0];
    if (best) out.push({ ruleIndex: best.ruleIndex, generic: false, start, end, secret: encoded, decoded: true });
  }
  return out;
}

/**
 * Every secret in `text`, which came from `path` (the path decides lockfile,
 * minified-bundle and `.env` handling). Pure: no I/O.
 *
 * @example
 * scanText('STRIPE_KEY="' + "sk_" + "live_" + body + '"', "src/pay.ts") // [{rule: "stripe-secret-key", line: 1, …}]
 */
export function scanText(text: string, path: string, options: ScanTextOptions = {}): SecretMatch[] {
  const current = getEngine();
  const results: SecretMatch[] = [];
  if (options.checkFileName !== false && isDotEnvFile(path)) {
    results.push({ rule: DOTENV_RULE, line: 0, column: 0, secret: path, masked: path, fingerprint: fingerprintOf(DOTENV_RULE, path) });
  }
  if (!text) return results;
  const candidates = collectCandidates(text, path, current, 0);
  if (candidates.length === 0) return results;
  // Provider rules before generic ones, catalogue order within each: an overlapping
  // later match is the same secret seen by a vaguer rule.
  candidates.sort((a, b) => Number(a.generic) - Number(b.generic) || a.ruleIndex - b.ruleIndex || a.start - b.start);
  const kept: (Candidate & { overlapping?: string[] })[] = [];
  for (const candidate of candidates) {
    const winner = kept.find((other) => candidate.start < other.end && other.start < candidate.end);
    if (winner) {
      if (candidate.secret !== winner.secret) (winner.overlapping ??= []).push(candidate.secret);
      continue;
    }
    kept.push(candidate);
  }
  const lines = new LineIndex(text);
  for (const candidate of kept.sort((a, b) => a.start - b.start)) {
    const line = lines.lineOf(candidate.start);
    if (lines.lineText(line).includes(ALLOW_MARKER)) continue;
    const rule = current.rules[candidate.ruleIndex]!.rule;
    results.push({
      rule: rule.id,
      line: line + 1,
      column: candidate.start - lines.lineStart(line) + 1,
      secret: candidate.secret,
      masked: maskSecret(candidate.secret, 4),
      fingerprint: fingerprintOf(rule.id, candidate.secret),
      ...(candidate.overlapping ? { overlapping: candidate.overlapping } : {}),
      ...(rule.checksum ? { verified: "format" as const } : {}),
      ...(candidate.decoded ? { decoded: "base64" as const } : {}),
    });
  }
  return results;
}

function acceptable(rule: SecretRule, secret: string, text: string, start: number, match: RegExpExecArray): boolean {
  if (rule.minEntropy !== undefined && shannonEntropy(secret) < rule.minEntropy) return false;
  if (rule.validate && !rule.validate(secret)) return false;
  if (rule.checksum && !rule.checksum(secret)) return false;
  if (rule.validateMatch && !rule.validateMatch(secret, match)) return false;
  if (isPlaceholder(secret)) return false;
  if (rule.generic) {
    if (isKnownNonSecretShape(secret) && !rule.allowKnownShape?.(secret, match)) return false;
    if (looksLikeCodeOrWords(secret) || isSelfDescribing(secret)) return false;
  }
  if (insideDataUri(text, start)) return false;
  if (rule.id !== "private-key" && insidePublicKeyBlock(text, start)) return false;
  return true;
}

/**
 * The stable entry point for other commands (env-validate's honesty check):
 * secrets in a text, by content only (no `.env` file-name finding).
 *
 * @example
 * findSecretsInText("API_KEY=changeme", ".env.example") // []
 */
export function findSecretsInText(text: string, file: string): SecretMatch[] {
  return scanText(text, file, { checkFileName: false });
}

/** The rule catalogue, for docs, SARIF and reuse. */
export { SECRET_RULES } from "./rules/index.js";
export type { SecretRule } from "./rules/types.js";
