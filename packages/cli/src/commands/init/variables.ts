/**
 * How `init` documents one variable: @secret by name and by value shape, @type from
 * the Settings annotation or the values seen, @optional when the code has a
 * fallback, and a value only when it cannot be a secret. Pure; rules as tables.
 */
import type { SecretDetector } from "../env-validate/analyse.js";
import { isPlaceholder, isUrlWithoutPassword, looksRandom, urlWithRealPassword } from "../env-validate/placeholders.js";
import { checkValueType, type ValueType } from "../env-validate/value-types.js";
import type { EnvFileEntry, ExampleVariable, VariableFacts } from "./model.js";

/** Names that hold credentials, whatever their value looks like. */
export const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|PASSPHRASE|(^|_)PASS(_|$)|(^|_)PWD?(_|$)|(^|_)CREDS?(_|$)|CREDENTIAL|(^|_)CONN(_|$)|CONN_?STR|CONNECTION_?STRING|(^|_)DSN(_|$)|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|(^|_)KEY$|(^|_)SALT$|(^|_)AUTH$|COOKIE_SECRET|WEBHOOK_SECRET)/;

/**
 * Names that are not secret whatever word they contain: browser-visible ones (they ship
 * in the bundle), public keys, and settings *about* a secret (its lifetime, where it lives).
 */
const NOT_SECRET_NAME = /^(VITE_|NEXT_PUBLIC_|REACT_APP_|PUBLIC_)|PUBLIC|PUBLISHABLE|_(URL|URI|ENDPOINT|HOST|PATH|FILE|DIR|NAME|ID|TTL|LIFETIME|EXPIRE|EXPIRES|EXPIRY|MINUTES|HOURS|SECONDS|DAYS|LENGTH|SIZE|ALGORITHM|HEADER|TYPE|ENABLED|PREFIX)$|EXPIRE_/;

/** Types a secret never has: a number, a flag or a choice is a setting, not a credential. */
const NON_SECRET_TYPES = /^(int|port|bool|enum\()/;

/** Python annotation → @type. Optional[...] and `| None` are stripped first. */
const PYTHON_TYPES: { pattern: RegExp; type: ValueType }[] = [
  { pattern: /^(int|PositiveInt|NonNegativeInt|conint\(.*\))$/, type: "int" },
  { pattern: /^(bool|StrictBool)$/, type: "bool" },
  { pattern: /^(AnyUrl|AnyHttpUrl|HttpUrl|\w+Dsn|FileUrl|WebsocketUrl|AnyWebsocketUrl)$/, type: "url" },
  { pattern: /^(EmailStr|NameEmail)$/, type: "email" },
];

/** Why a name or value makes a variable secret, or undefined. */
export function secretReason(name: string, values: readonly string[], detectSecrets: SecretDetector, type?: ValueType): string | undefined {
  if (SECRET_NAME.test(name) && !NOT_SECRET_NAME.test(name) && !(type && NON_SECRET_TYPES.test(type))) return "name";
  for (const value of values) {
    if (isPlaceholder(value)) continue;
    if (urlWithRealPassword(value) || /^[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:[^@\s]+@/i.test(value)) return "URL with a password";
    if (/(^|;)\s*(password|pwd)\s*=\s*[^;\s]/i.test(value)) return "connection string with a password";
    if (detectSecrets(`${name}=${value}`, ".env").length) return "value matches a secret rule";
    if (looksRandom(value)) return "value looks generated";
  }
  return undefined;
}

function stripOptional(annotation: string): string {
  let type = annotation.trim();
  const optional = /^Optional\[(.*)\]$/.exec(type);
  if (optional) type = optional[1]!;
  return type
    .split("|")
    .map((part) => part.trim())
    .filter((part) => part !== "None")
    .join(" | ");
}

/** The @type a pydantic annotation implies, if one of ours fits. */
export function typeFromAnnotation(name: string, annotation: string): ValueType | undefined {
  const type = stripOptional(annotation);
  const literal = /^Literal\[(.*)\]$/.exec(type);
  if (literal) {
    const choices = [...literal[1]!.matchAll(/["']([^"',()]+)["']/g)].map((match) => match[1]!);
    return choices.length && choices.length === literal[1]!.split(",").length ? (`enum(${choices.join(",")})` as ValueType) : undefined;
  }
  const found = PYTHON_TYPES.find(({ pattern }) => pattern.test(type))?.type;
  return found === "int" && /(^|_)PORT$/.test(name) ? "port" : found;
}

/** The @type every value seen fits (and that a person would expect), if any. */
export function typeFromValues(name: string, values: readonly string[]): ValueType | undefined {
  // Placeholder words fail every type anyway; only templated values say nothing about the type.
  const seen = values.filter((value) => value !== "" && !/^\$\{[^}]*\}$/.test(value));
  if (seen.length === 0) return undefined;
  // A flag's name says 0/1 is a boolean (DEBUG=1); elsewhere 0/1 stay ints.
  const flag = /(^|_)(DEBUG|ENABLED?|DISABLED?|USE|IS|ALLOW|VERBOSE|FORCE)(_|$)/.test(name);
  const candidates: ValueType[] = /(^|_)PORT$/.test(name) ? ["port", "int"] : flag ? ["bool", "int"] : ["int", "bool", "url", "email"];
  return candidates.find((type) => {
    if (type === "bool" && !flag && !seen.every((value) => /^(true|false|yes|no|on|off)$/i.test(value))) return false;
    if (type === "url" && !seen.every((value) => /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value))) return false;
    return seen.every((value) => checkValueType(type, value) === undefined);
  });
}

/** A credential word followed by what could be its value ("pw: …", "password is …", "login = …"). */
const CREDENTIAL_WORD = /\b(passwords?|passwd|pw|pwd|pass|passphrase|secrets?|tokens?|creds?|credentials?|api[ _-]?keys?|login|user)\s*(:|=|\bis\b|\bwas\b)/i;

/**
 * Comment prose safe to copy: no annotation-like `@word` (env-validate would reject
 * it), no secret in it (a rule match, or a long token that looks generated).
 */
export function safeComment(line: string, detectSecrets: SecretDetector): string | undefined {
  const text = line.replace(/@/g, " at ").replace(/\s+/g, " ").trim();
  if (!text || detectSecrets(text, ".env").length || text.split(" ").some((word) => word.length >= 24 && looksRandom(word))) return undefined;
  // A note beside a real value may quote the password itself ("pw is Summer2024!"): drop any
  // comment giving a credential or holding a word that mixes letters with digits or symbols.
  if (CREDENTIAL_WORD.test(text) || text.split(" ").some((word) => /[A-Za-z]/.test(word) && /[\d!$%^&*#]/.test(word.replace(/[.,;:)]+$/, "")) && word.length >= 5)) return undefined;
  return text;
}

/** Files that hold real values (`.env`, `.env.local`…), as opposed to committed templates (`.env.example`). */
const TEMPLATE_FILE = /\.(example|sample|template|dist|defaults)$/;

/** A lowercase word a choice setting takes (`development`, `info`, `json`); digits would let `hunter2` through. */
const CHOICE_WORD = /^[a-z]{2,20}([_-][a-z]{2,20}){0,2}$/;

/**
 * Whether a value from a real env file is a plain, clearly non-secret setting: a number,
 * a port, a flag, a lowercase choice word, a host name under a *_HOST name, or a URL with neither credentials nor a query.
 * Anything else (a sentence, a mixed-case word, a connection string) could be a password.
 */
export function plainSetting(name: string, value: string, type: ValueType | undefined): boolean {
  if (type && checkValueType(type, value) !== undefined) return false;
  // A host name, where the variable's name says it holds one (SMTP_HOST=mail.internal).
  if (/(^|_)(HOST|HOSTNAME|SERVER|DOMAIN)$/.test(name) && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(value)) return true;
  if (/^(true|false|yes|no|on|off)$/i.test(value) || /^-?\d{1,12}$/.test(value)) return true;
  if (CHOICE_WORD.test(value)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    const afterScheme = value.slice(value.indexOf("://") + 3);
    const authority = afterScheme.split(/[/?#]/, 1)[0]!;
    // A token can sit in the path too (webhook URLs): no segment may look generated.
    const segments = afterScheme.split("/").slice(1);
    return !authority.includes("@") && !/[?#]/.test(afterScheme) && isUrlWithoutPassword(value) && !segments.some((segment) => segment.length >= 16 && looksRandom(segment));
  }
  return false;
}

/**
 * The value the example may show: only from a non-secret, and only when nothing flags it.
 * From a real env file (gitignored, holds the developer's passwords) only a plain setting
 * is copied; an existing template's values are already committed, so they need only pass
 * the secret checks.
 */
function exampleValue(secret: boolean, entries: readonly EnvFileEntry[], name: string, type: ValueType | undefined, detectSecrets: SecretDetector): string {
  if (secret) return "";
  const entry = entries.find((candidate) => candidate.value !== "");
  const value = entry?.value ?? "";
  if (value === "" || value.length > 200 || value.includes("\n")) return "";
  if (detectSecrets(`${name}=${value}`, ".env").length || urlWithRealPassword(value)) return "";
  if (!TEMPLATE_FILE.test(entry!.file)) return plainSetting(name, value, type) ? value : "";
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !isUrlWithoutPassword(value)) return "";
  if (type && checkValueType(type, value) !== undefined) return "";
  const typed = type !== undefined && (type !== "url" || isUrlWithoutPassword(value));
  if (!typed && looksRandom(value)) return "";
  return value;
}

/** Where the variable is read, for its description: the first read, and how many more. */
function readDescription(facts: VariableFacts): string | undefined {
  const [first, ...rest] = facts.reads;
  if (!first) return undefined;
  return `Read by ${first.file}:${first.line}${rest.length ? ` and ${rest.length} more place${rest.length === 1 ? "" : "s"}` : ""}.`;
}

/** Decide how the example declares a variable. */
export function declareVariable(facts: VariableFacts, detectSecrets: SecretDetector): ExampleVariable {
  const values = facts.entries.map((entry) => entry.value);
  const annotated = facts.reads.find((read) => read.annotation !== undefined);
  const type = annotated ? typeFromAnnotation(facts.name, annotated.annotation!) : typeFromValues(facts.name, values);
  const secret = secretReason(facts.name, values, detectSecrets, type) !== undefined;
  // Optional only when every read has a fallback; a variable only set in an env file stays required.
  const optional = facts.reads.length > 0 && facts.reads.every((read) => read.hasDefault === true);
  const comments = (facts.entries[0]?.comments ?? []).map((line) => safeComment(line, detectSecrets)).filter((line): line is string => line !== undefined);
  const compose = facts.composeUses?.[0];
  const where =
    readDescription(facts) ??
    (compose ? `Used by ${compose.file}:${compose.line}.` : `Set in ${facts.entries[0]?.file ?? "an env file"}; no read found in the scanned code.`);
  const value = exampleValue(secret, facts.entries, facts.name, type, detectSecrets);
  return { name: facts.name, description: [...comments, where], secret, optional, ...(type ? { type } : {}), value };
}
