import { describe, expect, test } from "vitest";
import {
  insideDataUri,
  insidePublicKeyBlock,
  isDotEnvFile,
  isKnownNonSecretShape,
  isLockfile,
  isMinified,
  isPlaceholder,
  looksBinary,
  looksLikeCodeOrWords,
  shannonEntropy,
} from "./filters.js";
import { fakeSecrets } from "./rules/fake.js";

const f = fakeSecrets("filters");

describe("false-positive filters", () => {
  test.each([
    ["changeme", true],
    ["your-api-key-here", true],
    ["<SECRET>", true],
    ["${DB_PASSWORD}", true],
    ["{{ vault_token }}", true],
    ["%(password)s", true],
    ["$STRIPE_KEY", true],
    ["process.env.STRIPE_KEY", true],
    ["", true],
    ["xxxxxxxxxxxxxxxx", true],
    ["AKIAIOSFODNN7EXAMPLE", true],
    ["0000000000000000", true],
    ["changethis", true],
    ["REPLACE_WITH_PASSWORD", true],
    ["{password}", true],
    ["sk-ant-api03-...", true],
    [`sntryu_${"a".repeat(64)}`, true],
    ["gsk_aBcDeFgHiJkLmNoPqRsT1234567890abcdefghijklmnopqrstuv", true],
    ["wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETSKEY", true],
    [`$argon2id$v=19$m=65536,t=3,p=4$${f.base64(22)}$${f.base64(43)}`, true],
    [`$2b$12$${f.alnum(53)}`, true],
    [`pbkdf2_sha256$600000$${f.alnum(12)}$${f.base64(44)}`, true],
    [`AAAAAAAAAAAAAAAAAAAAAA${f.alnum(90)}`, false],
    ["sk-abc123invalid", true],
    [f.alnum(32), false],
    [f.base64(40), false],
  ])("isPlaceholder(%j) = %s", (value, expected) => {
    expect(isPlaceholder(value)).toBe(expected);
  });

  test.each([
    [f.uuid(), true],
    [f.hex(40), true],
    [f.hex(64), true],
    [`sha512-${f.base64(86)}==`, true],
    [f.alnum(40), false],
  ])("isKnownNonSecretShape(%j) = %s", (value, expected) => {
    expect(isKnownNonSecretShape(value)).toBe(expected);
  });

  test.each([
    ["getpass.getpass()", true],
    ["crm-backend-secrets-production", true],
    ["settings.openai.apiKey", true],
    ["camelCaseIdentifierName", true],
    ["exports2.tokensToFunction", true],
    ["parsePnpmV5Key", true],
    ["tutorial/security/simple-oauth2.md", true],
    ["hidden_v1_to_v2", true],
    ["SalesResults-1.2", true],
    ["DOC_Vector_5_32", true],
    ["id-Gost28147-89-None-KeyMeshing", true],
    ["X25519.KeyPair", true],
    ["sm02915.int.contoso.com", true],
    ["irkcAsXrjx3U2Y9", false],
    [`${f.base64url(12)}-${f.base64url(12)}_${f.base64url(10)}`, false],
    [`${f.chars(11, "lowerDigits")}-${f.chars(4, "lowerDigits")}-${f.chars(12, "lowerDigits")}`, false],
    [f.alnum(24), false],
    [f.base64url(32), false],
  ])("looksLikeCodeOrWords(%j) = %s", (value, expected) => {
    expect(looksLikeCodeOrWords(value)).toBe(expected);
  });

  test.each([
    ["package-lock.json", true],
    ["frontend/yarn.lock", true],
    ["backend/poetry.lock", true],
    ["pnpm-lock.yaml", true],
    ["go.sum", true],
    ["src/lock.ts", false],
  ])("isLockfile(%j) = %s", (path, expected) => {
    expect(isLockfile(path)).toBe(expected);
  });

  test.each([
    ["vendor/app.min.js", "x", true],
    ["dist/app.js", `var a=1;${"b=2;".repeat(400)}`, true],
    ["src/app.js", "const a = 1;\nconst b = 2;\n", false],
    ["notes.txt", "x".repeat(5000), false],
  ])("isMinified(%j) = %s", (path, text, expected) => {
    expect(isMinified(path, text)).toBe(expected);
  });

  test.each([
    [".env", true],
    ["backend/.env.production", true],
    [".env.local", true],
    [".env.example", false],
    [".env.sample", false],
    ["deploy/.env.template", false],
    [".env.dist", false],
    ["env.ts", false],
    [".envrc", false],
  ])("isDotEnvFile(%j) = %s", (path, expected) => {
    expect(isDotEnvFile(path)).toBe(expected);
  });

  test("looksBinary sniffs NUL in the first 8 KiB only", () => {
    expect(looksBinary(Buffer.from([0x89, 0x50, 0x00, 0x47]))).toBe(true);
    expect(looksBinary(Buffer.from("plain text"))).toBe(false);
    expect(looksBinary(Buffer.concat([Buffer.alloc(9000, 0x61), Buffer.from([0])]))).toBe(false);
  });

  test("insideDataUri and insidePublicKeyBlock", () => {
    const uri = `url("data:image/png;base64,${f.base64(100)}")`;
    expect(insideDataUri(uri, uri.indexOf("base64,") + 50)).toBe(true);
    expect(insideDataUri(`token = ${f.base64(40)}`, 10)).toBe(false);
    const pem = `-----BEGIN PUBLIC KEY-----\n${f.base64(64)}\n-----END PUBLIC KEY-----\nafter`;
    expect(insidePublicKeyBlock(pem, 40)).toBe(true);
    expect(insidePublicKeyBlock(pem, pem.indexOf("after"))).toBe(false);
  });

  test("shannonEntropy", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(shannonEntropy(f.alnum(64))).toBeGreaterThan(5);
  });
});
