import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { detectSecretsInLine } from "../env-validate/secret-detector.js";
import type { VariableRead } from "../env-validate/drift.js";
import { declareVariable, safeComment, secretReason, typeFromAnnotation, typeFromValues } from "./variables.js";

// Realistic fake credentials, made at test time so no key-shaped string is committed.
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const random = (length: number) => [...randomBytes(length)].map((byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join("");
const stripeKey = `sk_live_${random(24)}`;

describe("secretReason", () => {
  it.each([
    ["SECRET_KEY", [], "name"],
    ["DB_PASSWORD", [], "name"],
    ["GITHUB_TOKEN", [], "name"],
    ["OPENAI_API_KEY", [], "name"],
    ["SMTP_PASS", [], "name"],
    ["JWT_SIGNING_KEY", [], "name"],
    ["PAYMENT_PROVIDER", [stripeKey], "value matches a secret rule"],
    ["DATABASE_URL", [`postgres://app:${random(12)}@db:5432/app`], "URL with a password"],
    ["BROKER", [`amqp://app:${random(12)}@mq:5672/`], "URL with a password"],
    ["DATABASE_URL", ["postgresql://postgres:${POSTGRES_PASSWORD}@localhost:5432/app"], "URL with a password"],
    ["UPSTREAM_REF", [random(40)], "value looks generated"],
  ])("%s %j is secret: %s", (name, values, reason) => expect(secretReason(name, values, detectSecretsInLine)).toBe(reason));

  it.each([
    ["VITE_STRIPE_PUBLISHABLE_KEY", []],
    ["NEXT_PUBLIC_API_KEY", []],
    ["JWT_PUBLIC_KEY", []],
    ["ACCESS_TOKEN_EXPIRE_MINUTES", []],
    ["TOKEN_URL", []],
    ["PRIVATE_KEY_PATH", []],
    ["PORT", ["8000"]],
    ["FRONTEND_HOST", ["http://localhost:5173"]],
    ["DATABASE_URL", ["sqlite:///./app.db"]],
    ["SECRET_KEY_PLACEHOLDER_ONLY", ["changethis"]],
  ])("%s is not secret", (name, values) => {
    if (name === "SECRET_KEY_PLACEHOLDER_ONLY") expect(secretReason(name, values, detectSecretsInLine)).toBe("name"); // the name still says so
    else expect(secretReason(name, values, detectSecretsInLine)).toBeUndefined();
  });

  it("a number, flag or choice is never a secret by name", () => {
    expect(secretReason("EMAIL_RESET_TOKEN_HOURS", [], detectSecretsInLine, "int")).toBeUndefined();
    expect(secretReason("AUTH_ENABLED", [], detectSecretsInLine, "bool")).toBeUndefined();
  });
});

describe("typeFromAnnotation", () => {
  it.each([
    ["SMTP_PORT", "int", "port"],
    ["WORKERS", "int", "int"],
    ["DEBUG", "bool", "bool"],
    ["SENTRY_DSN", "HttpUrl | None", "url"],
    ["DATABASE_URL", "PostgresDsn", "url"],
    ["ADMIN", "Optional[EmailStr]", "email"],
    ["ENVIRONMENT", 'Literal["local", "staging", "production"]', "enum(local,staging,production)"],
    ["NAME", "str", undefined],
    ["ORIGINS", "list[AnyUrl] | str", undefined],
  ])("%s: %s → %s", (name, annotation, type) => expect(typeFromAnnotation(name, annotation)).toBe(type));
});

describe("typeFromValues", () => {
  it.each([
    ["PORT", ["8000"], "port"],
    ["WORKERS", ["4"], "int"],
    ["RETRIES", ["0"], "int"],
    ["DEBUG", ["1"], "bool"],
    ["FEATURE_X_ENABLED", ["0"], "bool"],
    ["SMTP_TLS", ["False"], "bool"],
    ["API_URL", ["http://localhost:8000"], "url"],
    ["ADMIN", ["admin@example.com"], "email"],
    ["NAME", ["Full Stack Project"], undefined],
    ["SECRET", ["changethis"], undefined],
    ["MIXED", ["1", "yes"], undefined],
  ])("%s %j → %s", (name, values, type) => expect(typeFromValues(name, values)).toBe(type));
});

describe("safeComment", () => {
  it("keeps prose, defuses @words env-validate would read as annotations, drops secrets", () => {
    expect(safeComment("Mail goes to ops@example.com", detectSecretsInLine)).toBe("Mail goes to ops at example.com");
    expect(safeComment(`old key ${stripeKey}`, detectSecretsInLine)).toBeUndefined();
    expect(safeComment(`rotated from ${random(40)}`, detectSecretsInLine)).toBeUndefined();
  });
});

describe("declareVariable", () => {
  const read = (overrides: Partial<VariableRead> = {}): VariableRead => ({ name: "X", file: "app/config.py", line: 3, ...overrides });
  const entry = (name: string, value: string, comments: string[] = []) => ({ name, value, file: ".env", line: 1, comments });

  it("never copies a secret's value, and says where the variable is read", () => {
    const declared = declareVariable({ name: "SECRET_KEY", entries: [entry("SECRET_KEY", random(48))], reads: [read({ name: "SECRET_KEY", annotation: "str", hasDefault: false })] }, detectSecretsInLine);
    expect(declared).toEqual({ name: "SECRET_KEY", description: ["Read by app/config.py:3."], secret: true, optional: false, value: "" });
  });

  it("copies a plain setting with its type, optional when the code has a default", () => {
    const declared = declareVariable({ name: "SMTP_PORT", entries: [entry("SMTP_PORT", "1025", ["Local mail catcher"])], reads: [read({ name: "SMTP_PORT", annotation: "int", hasDefault: true })] }, detectSecretsInLine);
    expect(declared).toEqual({ name: "SMTP_PORT", description: ["Local mail catcher", "Read by app/config.py:3."], secret: false, optional: true, type: "port", value: "1025" });
  });

  it("drops a value that does not fit the annotation's type", () => {
    const declared = declareVariable({ name: "WORKERS", entries: [entry("WORKERS", "many")], reads: [read({ name: "WORKERS", annotation: "int" })] }, detectSecretsInLine);
    expect(declared.value).toBe("");
    expect(declared.type).toBe("int");
  });

  it("a variable only an env file sets stays required and says so", () => {
    const declared = declareVariable({ name: "POSTGRES_DB", entries: [entry("POSTGRES_DB", "app")], reads: [] }, detectSecretsInLine);
    expect(declared).toMatchObject({ optional: false, secret: false, value: "app", description: ["Set in .env; no read found in the scanned code."] });
  });
});

describe("values from a real .env are copied only when plainly not secret", () => {
  // The reviewer's repros, with values made per run: passwords, a connection string, a Sentry DSN with its key, user:password.
  const hex = (length: number) => randomBytes(length).toString("hex").slice(0, length);
  const password = () => `${random(1).toUpperCase()}${random(7)}${Math.floor(Math.random() * 9000) + 1000}!`;
  const entry = (name: string, value: string) => ({ name, value, file: ".env", line: 1, comments: [] });
  const leaks: [string, string][] = [
    ["ADMIN_PW", password()],
    ["SMTP_PW", `hunter${random(1).toLowerCase()}${Math.floor(Math.random() * 10)}`],
    ["DB_CONN", `Server=db;User Id=sa;Password=${password()};`],
    ["SENTRY_DSN", `https://${hex(32)}@o1.ingest.sentry.io/1`],
    ["ADMIN_CREDS", `admin:${password()}`],
    // Names that say nothing: the value's shape alone must keep it out.
    ["DATABASE", `Server=db;User Id=sa;Password=${password()};`],
    ["MONITORING", `https://${hex(32)}@o1.ingest.sentry.io/1`],
    ["LOGIN", `admin:${password()}`],
    ["GREETING", password()],
    ["HOOK", `https://hooks.example.com/services/${random(24)}`],
    ["CALLBACK", `https://api.example.com/cb?sig=${random(20)}`],
  ];
  it.each(leaks)("%s is written empty", (name, value) => {
    const declared = declareVariable({ name, entries: [entry(name, value)], reads: [] }, detectSecretsInLine);
    expect(declared.value).toBe("");
  });
  it.each(["ADMIN_PW", "SMTP_PW", "DB_CONN", "SENTRY_DSN", "ADMIN_CREDS", "DB_PWD", "MAIL_PASS"])("%s is secret by name", (name) => {
    expect(secretReason(name, [], detectSecretsInLine)).toBe("name");
  });
  it.each([
    ["PORT", "8000"],
    ["WORKERS", "4"],
    ["DEBUG", "true"],
    ["ENVIRONMENT", "development"],
    ["LOG_LEVEL", "info"],
    ["API_URL", "http://localhost:8000/api"],
    ["REDIS_URL", "redis://localhost:6379/0"],
  ])("%s=%s is a plain setting and is copied", (name, value) => {
    expect(declareVariable({ name, entries: [entry(name, value)], reads: [] }, detectSecretsInLine).value).toBe(value);
  });
  it("a comment quoting a credential is not copied", () => {
    expect(safeComment(`admin login: ${password()}`, detectSecretsInLine)).toBeUndefined();
    expect(safeComment("the pw is on the wiki", detectSecretsInLine)).toBeUndefined();
    expect(safeComment("Local mail catcher", detectSecretsInLine)).toBe("Local mail catcher");
  });
});
