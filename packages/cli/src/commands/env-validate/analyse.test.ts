import { describe, expect, it } from "vitest";
import { dishonestValues, undocumentedReads, unknownKeys, validateValues, type ResolvedValue } from "./analyse.js";
import type { VariableSpec } from "./model.js";
import { checkValueType, type ValueType } from "./value-types.js";

function spec(name: string, extra: Partial<VariableSpec> = {}): VariableSpec {
  return { name, description: `what ${name} is`, required: true, secret: false, allowEmpty: false, exampleValue: "", source: { file: ".env.example", line: 1 }, ...extra };
}
const values = (entries: Record<string, string>) => new Map<string, ResolvedValue>(Object.entries(entries).map(([k, v]) => [k, { value: v, from: "environment" }]));

describe("value types", () => {
  it.each<[ValueType, string, boolean]>([
    ["url", "postgresql+psycopg://crm@localhost:5432/crm", true],
    ["url", "sqlite:///./crm.db", true],
    ["url", "https://crm.example.invalid", true],
    ["url", "localhost:5432", false],
    ["url", "not a url", false],
    ["int", "42", true],
    ["int", "-3", true],
    ["int", "4.2", false],
    ["port", "8000", true],
    ["port", "0", false],
    ["port", "65536", false],
    ["bool", "TRUE", true],
    ["bool", "off", true],
    ["bool", "maybe", false],
    ["email", "ops@agency.example", true],
    ["email", "ops@", false],
    ["enum(debug,info)", "info", true],
    ["enum(debug,info)", "trace", false],
  ])("%s accepts %j: %s", (type, value, ok) => expect(checkValueType(type, value) === undefined).toBe(ok));
});

describe("validateValues", () => {
  it("reports every problem at once with the description", () => {
    const specs = [spec("DATABASE_URL", { type: "url", secret: true }), spec("SECRET_KEY", { secret: true, rotate: "30d" }), spec("PORT", { type: "port" }), spec("REDIS_URL", { required: false, type: "url" })];
    const problems = validateValues(specs, values({ DATABASE_URL: "", PORT: "80000", REDIS_URL: "" }));
    expect(problems.map((p) => [p.kind, p.name])).toEqual([
      ["missing", "DATABASE_URL"],
      ["missing", "SECRET_KEY"],
      ["invalid", "PORT"],
    ]);
    expect(problems[1]!.message).toBe("SECRET_KEY is required but not set — what SECRET_KEY is [secret; rotate every 30d]");
    expect(problems[0]!.message).toContain("empty (environment)");
  });

  it("allows an empty value only when the schema says so", () => {
    expect(validateValues([spec("A", { allowEmpty: true })], values({ A: "" }))).toEqual([]);
  });

  it("type-checks optional values that are set", () => {
    expect(validateValues([spec("R", { required: false, type: "int" })], values({ R: "many" }))[0]!.kind).toBe("invalid");
  });

  it("never puts the value in a message", () => {
    const secretValue = ["hunter", "2", "-secret"].join("");
    const problems = validateValues([spec("PORT", { type: "port" })], values({ PORT: secretValue }));
    expect(JSON.stringify(problems)).not.toContain(secretValue);
  });
});

describe("dishonestValues", () => {
  const noRules = () => [];
  it.each([
    ["", false],
    ["changeme", false],
    ["<your-secret-key>", false],
    ["${DB_PASSWORD}", false],
    ["your-api-key-here", false],
    ["http://localhost:5173", false],
    ["100", false],
    ["postgresql://crm:changeme@localhost/crm", false],
    ["postgresql://crm:" + "Tr0ub4dor-x9Q" + "@db.internal/crm", true],
    ["a8F3kQ9zL2mX7pR4vB6nW1", true],
  ])("value %j leaks: %s", (value, leaks) => {
    expect(dishonestValues([spec("X", { exampleValue: value })], noRules).length > 0).toBe(leaks);
  });

  it("fails a @secret variable that holds any value", () => {
    expect(dishonestValues([spec("SECRET_KEY", { secret: true, exampleValue: "dev" })], noRules)[0]!.message).toMatch(/marked @secret/);
  });

  it("uses the secret detector's rule ids", () => {
    const problems = dishonestValues([spec("STRIPE_KEY", { exampleValue: "sk-looking" })], () => ["stripe-secret-key"]);
    expect(problems[0]!.message).toContain("matches secret rule stripe-secret-key");
  });
});

describe("drift and unknown keys", () => {
  it("reports reads missing from the example once, at the first read", () => {
    const reads = [
      { name: "SENTRY_DSN", file: "app/main.py", line: 3 },
      { name: "SENTRY_DSN", file: "app/other.py", line: 9 },
      { name: "A", file: "app/main.py", line: 1 },
      { name: "NODE_ENV", file: "src/x.ts", line: 2 },
    ];
    const problems = undocumentedReads([spec("A")], reads, new Set(["NODE_ENV"]));
    expect(problems.map((p) => p.message)).toEqual(["SENTRY_DSN is read by app/main.py:3 but missing from the example"]);
  });

  it("warns about env-file keys the schema does not know", () => {
    const problems = unknownKeys([spec("A")], [{ name: "A", line: 1 }, { name: "DATABSE_URL", line: 2 }], ".env");
    expect(problems).toMatchObject([{ kind: "unknown", severity: "warning", name: "DATABSE_URL", line: 2 }]);
  });
});
