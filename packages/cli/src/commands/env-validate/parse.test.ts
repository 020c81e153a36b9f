import { describe, expect, it } from "vitest";
import { InputError } from "../../kernel/errors.js";
import { parseEnvExample, parseEnvFile } from "./parse.js";

const EXAMPLE = `# CRM backend configuration. Copy to .env and fill in.

# SQLAlchemy URL of the database.
# @secret @type=url @rotate=90d @docs=https://docs.example.invalid/db
DATABASE_URL=

# Signs session tokens. @secret @rotate=30d
SECRET_KEY=<your-secret-key>

# optional
# Redis for shared rate-limit counters.
REDIS_URL=   # @type=url

# Requests per minute per client IP. @optional @type=int
RATE_LIMIT_PER_MINUTE=100
export LOG_LEVEL="info" # @type=enum(debug,info,warning,error)
`;

describe("parseEnvExample", () => {
  const specs = parseEnvExample(EXAMPLE, ".env.example");
  const byName = Object.fromEntries(specs.map((spec) => [spec.name, spec]));

  it.each([
    ["DATABASE_URL", { required: true, secret: true, type: "url", rotate: "90d", docs: "https://docs.example.invalid/db", description: "SQLAlchemy URL of the database." }],
    ["SECRET_KEY", { required: true, secret: true, rotate: "30d", description: "Signs session tokens.", exampleValue: "<your-secret-key>" }],
    ["REDIS_URL", { required: false, secret: false, type: "url", description: "Redis for shared rate-limit counters.", exampleValue: "" }],
    ["RATE_LIMIT_PER_MINUTE", { required: false, type: "int", exampleValue: "100" }],
    ["LOG_LEVEL", { required: true, type: "enum(debug,info,warning,error)", exampleValue: "info", description: "" }],
  ])("%s", (name, expected) => expect(byName[name]).toMatchObject(expected));

  it("does not take the file header for the first key's description", () => {
    expect(byName.DATABASE_URL!.description).not.toContain("Copy to .env");
  });

  it("records the line of each key", () => {
    expect(byName.SECRET_KEY!.source).toEqual({ file: ".env.example", line: 8 });
  });

  it.each([
    ["# @type=uuid\nA=1\n", /A: @type=uuid is not a known type/],
    ["# @rotate=soon\nA=\n", /A: @rotate=soon is not a period/],
    ["# @docs=not-a-url\nA=\n", /A: @docs=not-a-url is not a URL/],
    ["# @secrett\nA=\n", /A: unknown annotation @secrett/],
  ])("rejects a bad annotation %j", (text, message) => {
    expect(() => parseEnvExample(text, ".env.example")).toThrow(message);
  });
});

describe("parseEnvFile", () => {
  it.each([
    ["A=1", "1"],
    ["A = spaced ", "spaced"],
    ['A="quoted # not a comment"', "quoted # not a comment"],
    ["A='single'", "single"],
    ["A=value # comment", "value"],
    ["A=url#fragment", "url#fragment"],
    ['A="line\\nbreak"', "line\nbreak"],
    ["export A=x", "x"],
    ['A="say \\"hi\\" # not a comment"', 'say "hi" # not a comment'],
    ["A='C:\\new'", "C:\\new"],
    ["A=", ""],
  ])("%j -> %j", (line, value) => expect(parseEnvFile(line, ".env")[0]!.value).toBe(value));

  it("reads a quoted value across lines, as dotenv does, and goes on after it", () => {
    const text = 'A="-----BEGIN KEY-----\nMIIB\n-----END KEY-----" # a PEM\nB=\'x\ny\'\nC=3\n';
    expect(parseEnvFile(text, ".env")).toEqual([
      { name: "A", value: "-----BEGIN KEY-----\nMIIB\n-----END KEY-----", line: 1 },
      { name: "B", value: "x\ny", line: 4, literal: true },
      { name: "C", value: "3", line: 6 },
    ]);
  });

  it.each([
    ["A=1\nthis is not a key\n", 2, "malformed line"],
    ["A=1\n  =2\n", 2, "malformed line"],
    ["1A=1\n", 1, "malformed line"],
    ['A="open\n', 1, "unterminated quoted value"],
    ["A=1\nB=2\nA=3\n", 3, "A is defined twice (first on line 1)"],
    ['A="x" y\n', 1, "unexpected text after the quoted value"],
    ['# d\nA="open\n# e\nB="x"\n', 2, 'the quoted value opened here runs to line 4 and is followed by text there (a missing closing "?)'],
  ])("malformed %j is an InputError at line %i", (text, line, message) => {
    try {
      parseEnvFile(text, "config/.env.example");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toBe(`config/.env.example:${line}: ${message}`);
    }
  });
});
