/** Provider-independent shapes: private keys, JWTs, credentials in URLs, and high-entropy assignments. */
import { createHmac } from "node:crypto";
import { shannonEntropy } from "../filters.js";
import type { SecretRule } from "./types.js";

/** Passwords in URLs that are defaults of local dev containers or words, not credentials. */
const LOCAL_DEFAULT_PASSWORDS = new Set([
  "password", "pass", "passwd", "secret", "postgres", "mysql", "root", "admin", "guest", "test", "user",
  "redis", "mongo", "rabbitmq", "example", "changeme", "changethis", "changeit", "pwd", "p", "x", "dev", "local",
]);

/** `app:app@`, `crm:CRM@`: a password equal to its user name is a local default. */
function sameAsUser(password: string, user: string | undefined): boolean {
  return user !== undefined && password.toLowerCase() === user.toLowerCase();
}

function isRealUrlPassword(password: string): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // keep the raw form: a malformed escape is still a password
  }
  // `mypassword`, `secret123`: a password that names itself is a placeholder.
  return !LOCAL_DEFAULT_PASSWORDS.has(decoded.toLowerCase()) && !/^[*x.]+$/i.test(decoded) && !/pass(?:wor)?d|secret/i.test(decoded);
}

/** A base64url segment decoded to a JSON object, or undefined. */
function jsonSegment(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, "base64url").toString("utf8")) as unknown;
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Header parameters registered for JWS and JWE (RFC 7515 §4.1, RFC 7516 §4.1, RFC 7518 §4.6–4.8, RFC 7797).
 * Some issuers leave `alg` to the verifier and send only a key id, critical extensions or agreement info.
 */
const JOSE_HEADER_PARAMETERS = ["alg", "typ", "cty", "kid", "jku", "jwk", "x5u", "x5c", "x5t", "x5t#S256", "crit", "enc", "zip", "epk", "apu", "apv", "iv", "tag", "p2s", "p2c", "b64"];

/**
 * A JWT's header must decode to a JSON object naming at least one registered JOSE
 * header parameter (`alg`, `typ`, `kid`, `crit`, `apu`…); an unsigned token's
 * payload must decode too. Random dotted base64 is not a token.
 */
function isJwt(token: string): boolean {
  const [header, payload, signature] = token.split(".");
  const decoded = jsonSegment(header!);
  if (!decoded) return false;
  // Without a registered parameter, a signed token whose header and payload are both JSON objects still is one.
  if (!JOSE_HEADER_PARAMETERS.some((name) => name in decoded) && (signature === undefined || !jsonSegment(payload!))) return false;
  if (signature === undefined && !jsonSegment(payload!)) return false;
  return true;
}

const b64url = (text: string): string => Buffer.from(text).toString("base64url");
const exampleJwt = (header: string, payload: string, key: string): string => {
  const body = `${b64url(header)}.${b64url(payload)}`;
  return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
};

/** Two or more character classes, so `aaaaaaaaaa` or a plain word is not a password finding. */
function mixedCharacters(value: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  return classes >= 3 || (classes >= 2 && value.length >= 16);
}

/** The last word of a name that makes it something else: `token type`, `key id`, `secret name`, `api key length`. */
const NOT_A_CREDENTIAL_HEAD = new Set(
  ("csrf xsrf public publishable pub site cache sort partition primary foreign idempotency page next cursor continuation " +
    "sync pagination i18n translation label lock hash digest checksum fingerprint commit etag integrity revision version " +
    "kind type event message route query map registry storage row column field data form prop state nonce request trace " +
    "correlation session device lookup dedup bucket object file path url uri endpoint host name id ids length size count " +
    "ttl expiry expires expiration timeout header format algorithm alg usage prefix suffix pattern regex template env var " +
    "placeholder example dummy test mock fake sample keyboard keyword keywords keys monkey turkey hotkey shortcut tokenizer tokens").split(" "),
);

/** A word anywhere in the name that makes it an identifier, a cursor, a public value or a deliberate non-secret. */
const NOT_A_CREDENTIAL_WORD = new Set(
  ("csrf xsrf public publishable pub site cache sort partition primary foreign idempotency page next cursor continuation " +
    "pagination i18n translation hash digest checksum fingerprint commit etag integrity revision keyboard keyword keywords " +
    "monkey tokenizer lock session request trace correlation dedup lookup example dummy mock fake sample bad invalid wrong " +
    "revoked expired any").split(" "),
);

/** Split camelCase and separators so `credentialId` yields `credential id`. */
function nameWords(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.\-\s]+/g, " ")
    .toLowerCase()
    .trim();
}

/**
 * True when the assigned name says "credential": its head noun is key/secret/token…
 * and no word makes it an identifier or a public value — so `csrf_token`,
 * `credentialId`, `publicToken`, `cache_key` and `page_token` are read as what they are.
 */
export function isCredentialName(name: string): boolean {
  const words = nameWords(name.replace(/^["'`]+|["'`]+$/g, ""));
  if (!words) return false;
  const list = words.split(" ");
  // The credential word must be the head noun (last or next to last): `api key`, `stripe secret key`, `token value` — not `key id`, `token type`.
  const last = list.slice(-2).join(" ");
  if (!/\b(?:key|apikey|secret|token|auth|credentials?|creds|bearer|password|passphrase)\b/.test(last)) return false;
  const tail = list[list.length - 1]!;
  if (NOT_A_CREDENTIAL_HEAD.has(tail) || /^sha\d*$/.test(tail)) return false;
  // A bare `key` (`Using Key=…`, a dict's `key: …`) says nothing about what it opens.
  if (tail === "key" && list.slice(0, -1).every((word) => /^(?:using|used|use|set|the|my|with|x|a|new|old)$/.test(word))) return false;
  // Likewise `Using Secret=…`, `Using token: …` in a log line: a verb and a bare word say nothing about whose it is.
  if (/^(?:secret|token)$/.test(tail) && list.length >= 2 && list.slice(0, -1).every((word) => /^(?:using|used|use|with|got|sending|sent)$/.test(word))) return false;
  return !list.some((word) => NOT_A_CREDENTIAL_WORD.has(word));
}

/**
 * The whole name a keyword match assigns to: the identifier characters before the
 * credential word (`clockify_` + `key`, `apiMatic` + `Key`), and one word before a
 * space (`zipcodebase token`, `Using assemblyai Key`).
 */
function assignedName(match: RegExpExecArray): string {
  const text = match.input;
  let start = match.index;
  while (start > 0 && match.index - start < 40 && /[\w.-]/.test(text[start - 1]!)) start--;
  let name = text.slice(start, match.index) + match[1]!;
  if (start > 1 && (text[start - 1] === " " || text[start - 1] === "\t")) {
    const before = /([A-Za-z][\w.-]{1,30})[ \t]$/.exec(text.slice(Math.max(0, start - 32), start));
    if (before) name = `${before[1]} ${name}`;
  }
  return name;
}

/**
 * The `"NAME", "value"` form counts only as a call's first two arguments (`setProperty("API_TOKEN", "…")`,
 * `getenv("api_token", "…")`): in a list (`["pcsk_key", "pcsk_…"]`) two strings are two examples.
 */
function commaPairIsCallArgument(match: RegExpExecArray): boolean {
  const between = match[0].slice(match[1]!.length, match[0].length - match[2]!.length);
  if (!/^["'][ \t]*,/.test(between)) return true;
  const text = match.input;
  let start = match.index;
  while (start > 0 && /[\w.-]/.test(text[start - 1]!)) start--;
  return /["']/.test(text[start - 1] ?? "") && /\([ \t]*$/.test(text.slice(Math.max(0, start - 21), start - 1));
}

/**
 * A generated value rather than a word, path or number: letters and digits both,
 * and enough entropy for its length (a 12-character key cannot reach 3.5 bits).
 */
export function looksGenerated(value: string): boolean {
  if (!/[A-Za-z]/.test(value) || !/[0-9]/.test(value)) return false;
  // Short hex is an id or a fingerprint (`stripe-secret-key:3c0f…`), not a key.
  if (/^[0-9a-f]{1,23}$/i.test(value)) return false;
  // Hex and UUIDs draw from 16 symbols: their ceiling is 4 bits, a short value's is log2(length).
  const ceiling = /^[0-9a-f-]+$/i.test(value) ? 3.0 : 3.3;
  const floor = Math.min(ceiling, Math.log2(value.length) * 0.8);
  if (shannonEntropy(value) < floor) return false;
  // Base64 of prose (`ZHVtbXkgdGV4dA==` is "dummy text"): an encoded sentence, not a key.
  if (/^[A-Za-z0-9+/]{16,}={0,2}$/.test(value) && value.length % 4 === 0 && /^[A-Za-z ,.'-]{12,}$/.test(Buffer.from(value, "base64").toString("latin1"))) return false;
  // A hex digest with a letter or two typed over (`c2167730016rf34b…`): a random lower-case key has about 20
  // non-hex letters in 32 characters, not one or two — this is a hand-edited example.
  const nonHex = value.replace(/[0-9a-f]/g, "").length;
  if (value.length >= 16 && /^[0-9a-z]+$/.test(value) && nonHex > 0 && nonHex <= 2) return false;
  const nonHexUpper = value.replace(/[0-9A-F]/g, "").length;
  if (value.length >= 16 && /^[0-9A-Z]+$/.test(value) && nonHexUpper > 0 && nonHexUpper <= 2) return false;
  // Version strings, dates and dotted numbers (`1.2.3-beta.4`, `2024-01-01T00`).
  if (/^v?\d+(?:[._-]\d+)+(?:[._-]?[a-z]+\d*)*$/i.test(value)) return false;
  return true;
}

const UNQUALIFIED = new Set(["api", "key", "apikey", "secret", "token", "access", "auth", "client", "private", "app", "application", "service", "user", "my", "the", "x", "value", "default", "live", "prod", "production", "dev", "test", "using", "used", "use", "set", "new", "old", "bearer", "s", "id"]);

/**
 * A UUID or a 32/64-hex value is a provider key only under a name that says whose
 * (`datadog_api_key`, `heroku token`, `boostnoteKey`): a bare `token = <uuid>` is
 * usually an identifier.
 */
function keyNamedDigestOrUuid(value: string, name: string): boolean {
  if (!isCredentialName(name)) return false;
  // 40 hex is a git object id or a GPG fingerprint unless a provider's name owns the credential
  // (`monkeylearn token = …`, GitHub's classic OAuth tokens — lower-case, as providers issue them).
  if (/^[0-9a-f]{40}$/i.test(value)) {
    const words = nameWords(name).split(" ");
    if (!/^[0-9a-f]{40}$/.test(value) || words.some((word) => /^(?:git|sha\d*|rev|ref|head|commit|build|release|deploy|ci|gpg|pgp|gnupg|signing|fingerprint|object|tree|blob)$/.test(word))) return false;
    return words.some((word) => word.length > 2 && !UNQUALIFIED.has(word));
  }
  // Digests are called keys or hashes, never secrets: `client_secret: <64 hex>` is an OAuth client secret.
  if (nameWords(name).split(" ").pop() === "secret" && value.length >= 32) return true;
  return nameWords(name).split(" ").some((word) => word.length > 1 && !UNQUALIFIED.has(word));
}

export const genericRules: SecretRule[] = [
  {
    id: "private-key",
    description: "PEM / OpenSSH / PGP private key block",
    family: "crypto",
    keywords: ["private key"],
    pattern: /(-----BEGIN[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----[\s\S]{64,}?-----END[ A-Z0-9_-]{0,100}PRIVATE KEY(?: BLOCK)?-----)/,
    examples: {
      truePositives: (f) => [
        `${"-----BEGIN RSA " + "PRIVATE KEY-----"}\n${f.base64(64)}\n${f.base64(64)}\n${f.base64(20)}==\n${"-----END RSA " + "PRIVATE KEY-----"}`,
        `key: |\n  ${"-----BEGIN OPENSSH " + "PRIVATE KEY-----"}\n  ${f.base64(70)}\n  ${f.base64(70)}\n  ${"-----END OPENSSH " + "PRIVATE KEY-----"}`,
      ],
      falsePositives: [
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEexampleexampleexampleexampleexampleexample\n-----END PUBLIC KEY-----",
        "const header = '-----BEGIN PRIVATE KEY-----';",
      ],
    },
  },
  {
    id: "putty-private-key",
    description: "PuTTY private key file",
    family: "crypto",
    keywords: ["putty-user-key-file-"],
    pattern: /(PuTTY-User-Key-File-[23]: [\w-]+\r?\nEncryption: [\w-]+\r?\nComment: [^\r\n]*\r?\nPublic-Lines: \d+[\s\S]{40,}?Private-Lines: \d+\r?\n[A-Za-z0-9+/=\r\n]{40,})/,
    examples: {
      truePositives: (f) => [`${"PuTTY-User-Key-File-" + "3: ssh-ed25519"}\nEncryption: none\nComment: deploy\nPublic-Lines: 2\n${f.base64(64)}\n${f.base64(20)}\nPrivate-Lines: 1\n${f.base64(44)}\n`],
      falsePositives: ["PuTTY-User-Key-File-3 format is documented"],
    },
  },
  {
    id: "jwt",
    description: "JSON Web Token (signed; may grant access until it expires)",
    family: "crypto",
    keywords: ["eyj"],
    // Signed (three segments; some issuers' payloads are not JSON) or unsigned (two, both JSON).
    pattern: /\b(eyJ[A-Za-z0-9_-]{10,}\.(?:[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}|eyJ[A-Za-z0-9_-]{10,}))(?![A-Za-z0-9_.-])/,
    validate: isJwt,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [
        `Authorization: Bearer ${b64url('{"alg":"HS256","typ":"JWT"}') + "." + b64url(`{"sub":"${f.uuid()}","role":"admin"}`) + "." + f.base64url(43)}`,
        // `typ` first and no `alg`, unsigned.
        `id_token = ${b64url('{"typ":"JWT"}') + "." + b64url(`{"sub":"${f.uuid()}","name":"Joe"}`)}`,
        // No `alg`: a key id only, or critical extensions (RFC 7515 §4.1.11).
        `token: ${b64url(`{"kid":"${f.hex(16)}"}`) + "." + b64url(`{"iss":"crm","sub":"${f.uuid()}"}`) + "." + f.base64url(43)}`,
        `Authorization: Bearer ${b64url('{"crit":["exp"],"exp":1900000000}') + "." + b64url(`{"sub":"${f.uuid()}"}`) + "." + f.base64url(43)}`,
        // A payload that is not JSON (some vendors encrypt it).
        `lemonsqueezy token = '${b64url('{"typ":"JWT","alg":"RS256"}') + "." + f.base64url(120) + "." + f.base64url(86)}'`,
      ],
      falsePositives: [
        "eyJhbGciOi.eyJzdWIi.signature",
        // Dotted base64 of JSON that is no JOSE header: a data blob, not a token.
        `${b64url('{"name":"Ada","role":"admin"}')}.${b64url('{"page":2,"size":50}')}.${"Q".repeat(6)}AbCdEfGhIjKlMnOp`,
        "token = eyJ...",
        // jwt.io's example, signed with its published key.
        `Authorization: Bearer ${exampleJwt('{"alg":"HS256","typ":"JWT"}', '{"sub":"1234567890","name":"John Doe","iat":1516239022}', "your-256-bit-secret")}`,
        `token: ${exampleJwt('{"alg":"HS256","typ":"JWT"}', '{"sub":"johndoe"}', "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7")}`,
      ],
    },
  },
  {
    id: "connection-string-password",
    description: "Database or broker connection string with a password (postgres, mysql, mongodb, redis, amqp…)",
    family: "generic",
    keywords: ["postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver", "clickhouse", "cockroachdb"],
    pattern: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb)(?:\+[a-z0-9]+)?:\/\/([^\s:@/"'<>]{0,64}):([^\s@/"'<>]{3,128})@[A-Za-z0-9[][^\s"'<>]*/,
    secretGroup: 2,
    validateMatch: (password, match) => isRealUrlPassword(password) && !sameAsUser(password, match[1]),
    examples: {
      truePositives: (f) => [`DATABASE_URL=postgresql://crm_app:${f.alnum(20)}@db.internal.example.org:5432/crm`, `mongodb+srv://svc:${f.base64url(18)}@cluster0.abcd.mongodb.net/crm`],
      falsePositives: [
        "DATABASE_URL=postgresql://postgres:postgres@localhost:5432/crm",
        "DATABASE_URL=postgresql://crm:${DB_PASSWORD}@db:5432/crm",
        "REDIS_URL=redis://localhost:6379/0",
        "DATABASE_URL=postgres://user:password@host:5432/db",
        'SQLALCHEMY_DATABASE_URI = f"postgresql+psycopg://{username}:{password}@{host}:5432/{db}"',
        "DATABASE_URL=postgresql://REPLACE_WITH_USER:REPLACE_WITH_PASSWORD@db.internal:5432/app",
        "MONGO_URL=mongodb://crmapp:crmapp@mongo.internal:27017/crm",
        "DATABASE_URL=postgresql://postgres:changethis@db:5432/app",
      ],
    },
  },
  {
    id: "basic-auth-url",
    description: "HTTP(S) URL with a user and password in it",
    family: "generic",
    keywords: ["http://", "https://"],
    pattern: /\bhttps?:\/\/([^\s:@/"'<>]{1,64}):([^\s:@/"'<>]{6,128})@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/,
    secretGroup: 2,
    validateMatch: (password, match) => isRealUrlPassword(password) && !sameAsUser(password, match[1]),
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`registry = https://deploy:${f.alnum(24)}@registry.crm-internal.net/npm/`],
      falsePositives: ["https://user:password@example.com", "https://github.com/owner/repo", "https://${USER}:${TOKEN}@host.example.com"],
    },
  },
  {
    id: "generic-api-key",
    description: "High-entropy value assigned to a key/secret/token-like name",
    family: "generic",
    generic: true,
    keywords: ["key", "secret", "token", "auth", "credential", "bearer"],
    // The regex starts at the credential word (a literal, so the engine skips ahead fast); the
    // rest of the assigned name is read backwards from there (`assignedName`). Group 1 is the
    // credential word and what follows it, group 2 the value. Assignments: `=`, `:`, `:=`, `=>`, make's `?=`,
    // `::=`, `:::=`, PHP's `.=`, a quoted name passed with its value (`setProperty("API_TOKEN", "…")`,
    // `getenv("api_token", "…")`), and a dash before a quoted value in notes (`twitch token - '…'`). A value
    // never starts with `=` (base64 pads at the end): `key = '=Xy…'` is a mangled example. `[ \t]` rather than `\s`: a value
    // never continues on the next line (`SMTP_KEY=` then `NEXT=…` is not a secret).
    pattern:
      /((?:api[_-]?key|apikey|key|secret|token|auth|credentials?|creds|bearer)(?:[\w.-]{0,20}|[ \t][a-z]{2,12})?)(?:["']?[ \t]{0,3}(?:=|:{1,3}=|:|=>|\?\??=|\|\|=|\.=)|["'][ \t]{0,3},(?=[ \t]{0,3}["'`])|[ \t]-(?=[ \t]{1,3}["']))[ \t]{0,3}["'`]?(?!=)([A-Za-z0-9_+/~.=-]{12,1024})(?=["'`\s,;)}\]<]|\\[nrt]|$)/im,
    secretGroup: 2,
    validateMatch: (secret, match) => isCredentialName(assignedName(match)) && looksGenerated(secret) && commaPairIsCallArgument(match),
    allowKnownShape: (secret, match) => keyNamedDigestOrUuid(secret, assignedName(match)),
    examples: {
      truePositives: (f) => [
        `INTERNAL_API_KEY=${f.alnum(32)}`,
        `  "clientSecret": "${f.base64url(40)}",`,
        `export const SIGNING_SECRET = '${f.base64(44)}';`,
        `clockify_key: "${f.alnum(48)}"`,
        `[DEBUG] Using assemblyai Key=${f.chars(32, "lowerDigits")}`,
        `apiMaticKey := "${f.base64url(64)}"`,
        `boostnoteKey := "${f.hex(64)}"`,
        `zipcodebase token = '${f.uuid()}'`,
        `uclassify token = '${f.alnum(12)}'`,
        `DEPLOY_TOKEN ::= "${f.alnum(32)}"`,
        `deploy_TOKEN ?= "${f.alnum(32)}"`,
        `$deployToken .= "${f.alnum(32)}"`,
        `System.setProperty("DEPLOY_TOKEN", "${f.alnum(32)}")`,
        `"client_secret" : "${f.hex(64)}",`,
        `monkeylearn token = '${f.hex(40)}'`,
        `twitch token - '${f.chars(30, "lowerDigits")}'`,
        `tallyfy token = '${f.alnum(36)}.${f.base64url(300)}.${f.base64url(43)}'`,
      ],
      falsePositives: [
        "API_KEY=${API_KEY}",
        "api_key: your-api-key-here",
        "token = 3f7b1c2d-9e8a-4b6c-8d2e-1a2b3c4d5e6f",
        "commit_token = 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "release_token = 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "api_token = 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        // A maintainer's GPG fingerprint in a README (readable-stream's).
        "  - Release GPG key: 9554F04D7259F04124DE6B476D5A82AC7E37093B",
        "signing_gpg_key = 9554f04d7259f04124de6b476d5a82ac7e37093b",
        "secretName: crm-backend-secrets-production",
        "token: process.env.GITHUB_TOKEN_FOR_RELEASES",
        "SECRET_KEY=changeme-in-production-please",
        "keyFile: src/settings/keys/readme.md",
        "type TemplateLiteralToken = NoSubstitutionTemplateLiteral | TemplateHead;",
        'credentialId: "AbC3dEf5GhI7jKl9MnO1pQr3"',
        'publicToken: "pk1Ab2Cd3Ef4Gh5Ij6Kl7Mn8"',
        '<meta name="csrf-token" content="Xy7Pq2Lm9Nz4Rt6Vb1Cd8Fg3">',
        "SMTP_API_KEY=\nSMTP_HOST=mail7.example.org",
        "cache_key = d41d8cd98f00b204e9800998ecf8427e",
        "request_token = 3f7b1c2d-9e8a-4b6c-8d2e-1a2b3c4d5e6f",
        "sortKey: createdAtDescending2024",
        "mite key = '=Xw3933xk6uav9ff2Qz' url = 'mite.example.net'",
        "[DEBUG] Using amplitude Key=c2167730016rf34b89e200ecf55710e8",
        "[DEBUG] Using Secret=q7x9k2m4p8r1t6w3z5v0b9n2",
        // An empty value: the name on the next line is not its value (shadcn-ui/taxonomy's .env.example).
        "POSTMARK_API_TOKEN=\nPOSTMARK_SIGN_IN_TEMPLATE=",
        'headers.set("X-Request-Token", "requestIdentifier")',
        'System.getProperty("API_TOKEN", "defaultValue12")',
        // A quoted name then an unquoted argument is a call, not an assignment (django-rest-framework's tests).
        "self.assertNotContains(response, 'super-duper-secret', status_code=400)",
        // Two strings in a list are two values, not a name and its value.
        'falsePositives: ["deploy_key", "dk_5qU9s3iLVFmaSaJtMat7gTHaT9fXa7ykiBk7iz"],',
        "CACHE_KEY ?= build-cache-2024-01-01",
        "the api token - see docs/tokens.md for how to rotate",
      ],
    },
  },
  {
    id: "xml-credential-element",
    description: "Credential in an XML element (Jenkins credentials.xml `<secret>`, `<account_key>`, `<password>`)",
    family: "generic",
    generic: true,
    keywords: ["secret>", "password>", "passwd>", "key>", "token>"],
    pattern:
      /<((?:[\w.-]*?)(?:secret|password|passwd|api[_-]?key|apikey|api[_-]?token|access[_-]?key|account[_-]?key|secret[_-]?key|client[_-]?secret|private[_-]?token|token))>\s*\{?(?:[^<\n]{0,60}?[ \t])?([A-Za-z0-9+/=_.~-]{12,200})\}?\s*<\/\1>/i,
    secretGroup: 2,
    validate: looksGenerated,
    // camelCase element names (`<deployToken>`) count only when the name says credential (`<csrfToken>` does not).
    validateMatch: (_secret, match) => isCredentialName(match[1]!),
    // Inside a `<secret>`, `<password>` or `<…Token>` element a hex or UUID value is the credential
    // (Jenkins string credentials hold API keys of any shape), not a digest; a git object id still is not.
    allowKnownShape: (secret, match) => /(?:secret|password|passwd|token)$/i.test(match[1]!) && !/^[0-9a-f]{40}$/i.test(secret),
    examples: {
      truePositives: (f) => [
        `  <secret>{${"AQAAABAAAA" + f.base64(54)}=}</secret>`,
        `<apiToken>${f.base64(40)}</apiToken>`,
        `<password>${f.alnum(14)}9</password>`,
        `<deployToken>\n    ${f.alnum(32)}\n</deployToken>`,
        `  <secret>{AQAAABAAA ${f.hex(32)}}</secret>`,
        `  <secret>{AQAAABAAA ${f.uuid()}}</secret>`,
      ],
      falsePositives: [
        "<password>${DB_PASSWORD}</password>",
        "<secret>changeme</secret>",
        "<token>{{ token }}</token>",
        "<apiKey>YOUR_API_KEY_HERE</apiKey>",
        "<csrfToken>\n    Xy7Pq2Lm9Nz4Rt6Vb1Cd8Fg3\n</csrfToken>",
        "<checksum>d41d8cd98f00b204e9800998ecf8427e</checksum>",
        "<secret>4b825dc642cb6eb9a060e54bf8d69288fbee4904</secret>",
      ],
    },
  },
  {
    id: "generic-password",
    description: "Password literal assigned to a password-like name",
    family: "generic",
    generic: true,
    keywords: ["password", "passwd", "pwd"],
    // Quoted values may hold any character; an unquoted one stops at code punctuation.
    pattern: /(?:password|passwd|pwd)(?:[A-Za-z0-9_-]{0,20})["']?[ \t]{0,3}(?:=|:|:=|=>)[ \t]{0,3}(?:"([^"\s]{10,128})"|'([^'\s]{10,128})'|`([^`\s]{10,128})`|([^\s"'`,;(){}[\]]{10,128})(?=[\s,;)}\]]|$))/im,
    secretGroup: -1,
    validate: mixedCharacters,
    minEntropy: 3,
    examples: {
      truePositives: (f) => [`DB_PASSWORD="${f.alnum(14)}!"`, `smtp_password: ${f.base64url(20)}`],
      falsePositives: [
        "DB_PASSWORD=",
        "SMTP_PASSWORD=\nSMTP_FROM_ADDRESS_DEFAULT=",
        "password: ${DB_PASSWORD}",
        "PASSWORD_MIN_LENGTH=12",
        "password = getpass.getpass()",
        "password: <your-password>",
        "password_hash = hash_password(password_plaintext)",
        "pwd = os.getcwd()",
        "function createCipher(algorithm: string, password: BinaryLike, options?: TransformOptions): Cipher;",
        "PWD: '/Users/someone/projects/crm'",
        '"hashed_password": "$argon2id$v=19$m=65536,t=3,p=4$wagCPXjifgvUFBzq4hqe3w$CYaIb8sB+wtD+Vu/P4uod1+Qof8h+1g7bbDlBID48Rc",',
        'password_hash = "$2b$12$KIXQJ8Ox1Rk5Hq0b3yq0Ee9cQm7m9lW6Zq0bqFhQ0Yt2eY0u0Zq2a"',
        'password = "pbkdf2_sha256$600000$Zk9wQ2xUa1d4$Xq1mJq7wQm0pX9o0b4b0fJtq3eQZ0z4yq2o1p8s7r6c="',
        "SMTP_PASSWORD=\nSMTP_HOST=smtp7.example.org",
        'db_password = f"{settings.db_password_prefix}{suffix}"',
        "FIRST_SUPERUSER_PASSWORD=changethis",
      ],
    },
  },
];
