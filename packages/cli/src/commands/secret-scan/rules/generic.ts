/** Provider-independent shapes: private keys, JWTs, credentials in URLs, and high-entropy assignments. */
import type { SecretRule } from "./types.js";

/** Passwords in URLs that are defaults of local dev containers or words, not credentials. */
const LOCAL_DEFAULT_PASSWORDS = new Set([
  "password", "pass", "passwd", "secret", "postgres", "mysql", "root", "admin", "guest", "test", "user",
  "redis", "mongo", "rabbitmq", "example", "changeme", "pwd", "p", "x", "dev", "local",
]);

function isRealUrlPassword(password: string): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // keep the raw form: a malformed escape is still a password
  }
  return !LOCAL_DEFAULT_PASSWORDS.has(decoded.toLowerCase()) && !/^[*x.]+$/i.test(decoded);
}

/** A JWT's header must decode to JSON with an `alg`: random dotted base64 is not a token. */
function isJwt(token: string): boolean {
  const [header] = token.split(".");
  try {
    const json = JSON.parse(Buffer.from(header!, "base64url").toString("utf8")) as unknown;
    return typeof json === "object" && json !== null && "alg" in json;
  } catch {
    return false;
  }
}

const b64url = (text: string): string => Buffer.from(text).toString("base64url");

/** Two or more character classes, so `aaaaaaaaaa` or a plain word is not a password finding. */
function mixedCharacters(value: string): boolean {
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
  return classes >= 3 || (classes >= 2 && value.length >= 16);
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
    pattern: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/,
    validate: isJwt,
    minEntropy: 4,
    examples: {
      truePositives: (f) => [`Authorization: Bearer ${b64url('{"alg":"HS256","typ":"JWT"}') + "." + b64url(`{"sub":"${f.uuid()}","role":"admin"}`) + "." + f.base64url(43)}`],
      falsePositives: ["eyJhbGciOi.eyJzdWIi.signature", "token = eyJ..."],
    },
  },
  {
    id: "connection-string-password",
    description: "Database or broker connection string with a password (postgres, mysql, mongodb, redis, amqp…)",
    family: "generic",
    keywords: ["postgres", "mysql", "mariadb", "mongodb", "redis", "amqp", "mssql", "sqlserver", "clickhouse", "cockroachdb"],
    pattern: /\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|clickhouse|cockroachdb)(?:\+[a-z0-9]+)?:\/\/[^\s:@/"'<>]{0,64}:([^\s@/"'<>]{3,128})@[^\s"'<>]+/,
    validate: isRealUrlPassword,
    examples: {
      truePositives: (f) => [`DATABASE_URL=postgresql://crm_app:${f.alnum(20)}@db.internal.example.org:5432/crm`, `mongodb+srv://svc:${f.base64url(18)}@cluster0.abcd.mongodb.net/crm`],
      falsePositives: [
        "DATABASE_URL=postgresql://postgres:postgres@localhost:5432/crm",
        "DATABASE_URL=postgresql://crm:${DB_PASSWORD}@db:5432/crm",
        "REDIS_URL=redis://localhost:6379/0",
        "DATABASE_URL=postgres://user:password@host:5432/db",
      ],
    },
  },
  {
    id: "basic-auth-url",
    description: "HTTP(S) URL with a user and password in it",
    family: "generic",
    keywords: ["http://", "https://"],
    pattern: /\bhttps?:\/\/[^\s:@/"'<>]{1,64}:([^\s:@/"'<>]{6,128})@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/,
    validate: isRealUrlPassword,
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
    pattern:
      /(?:api[_-]?key|apikey|secret|token|auth[_-]?key|access[_-]?key|private[_-]?key|client[_-]?secret|credentials?|bearer)(?:[A-Za-z0-9_-]{0,20})["']?[ \t]{0,3}(?:=|:|:=|=>|\?\?=|\|\|=)[ \t]{0,3}["'`]?([A-Za-z0-9_+/~.=-]{20,150})(?=["'`\s,;)}\]]|$)/im,
    minEntropy: 3.7,
    examples: {
      truePositives: (f) => [`INTERNAL_API_KEY=${f.alnum(32)}`, `  "clientSecret": "${f.base64url(40)}",`, `export const SIGNING_SECRET = '${f.base64(44)}';`],
      falsePositives: [
        "API_KEY=${API_KEY}",
        "api_key: your-api-key-here",
        "token = 3f7b1c2d-9e8a-4b6c-8d2e-1a2b3c4d5e6f",
        "commit_token = 4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        "secretName: crm-backend-secrets-production",
        "token: process.env.GITHUB_TOKEN_FOR_RELEASES",
        "SECRET_KEY=changeme-in-production-please",
        "keyFile: src/settings/keys/readme.md",
        "type TemplateLiteralToken = NoSubstitutionTemplateLiteral | TemplateHead;",
        // An empty value: the name on the next line is not its value (shadcn-ui/taxonomy's .env.example).
        "POSTMARK_API_TOKEN=\nPOSTMARK_SIGN_IN_TEMPLATE=",
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
      ],
    },
  },
];
