import { describe, expect, it } from "vitest";
import { findSecretsInText, fingerprintOf, scanText } from "./detect.js";
import { fakeSecrets } from "./rules/fake.js";

const f = fakeSecrets("detect");
const stripe = (): string => "sk_" + "live_" + f.alnum(32);

describe("scanText", () => {
  it("reports rule, 1-based line and column of the secret, masked, with a fingerprint of rule and secret", () => {
    const key = stripe();
    const [finding, ...rest] = scanText(`// billing\nconst key = "${key}";\n`, "src/pay.ts");
    expect(rest).toEqual([]);
    expect(finding).toEqual({ rule: "stripe-secret-key", line: 2, column: 14, secret: key, masked: "sk_l********", fingerprint: fingerprintOf("stripe-secret-key", key) });
  });

  it("fingerprints depend on the secret, not on where it is", () => {
    const key = stripe();
    const a = scanText(`a = "${key}"`, "a.ts")[0]!;
    const b = scanText(`\n\n   b = "${key}"`, "b.ts")[0]!;
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(scanText(`a = "${stripe()}"`, "a.ts")[0]!.fingerprint).not.toBe(a.fingerprint);
  });

  it("honours crm-devex:allow on the secret's line only", () => {
    const text = `a = "${stripe()}" // crm-devex:allow test fixture\nb = "${stripe()}"\n`;
    expect(scanText(text, "a.ts").map((finding) => finding.line)).toEqual([2]);
  });

  it("flags .env files by name (line 0) and still scans their content; templates are fine", () => {
    const findings = scanText(`KEY=${stripe()}\n`, "deploy/.env.production");
    expect(findings.map((finding) => [finding.rule, finding.line])).toEqual([["dotenv-file", 0], ["stripe-secret-key", 1]]);
    expect(scanText("KEY=changeme\n", ".env.example")).toEqual([]);
    expect(findSecretsInText(`KEY=${stripe()}`, ".env.production").map((finding) => finding.rule)).toEqual(["stripe-secret-key"]);
  });

  it("reports one finding when a provider rule and a generic rule see the same secret", () => {
    const findings = scanText(`STRIPE_SECRET_TOKEN = "${stripe()}"`, "a.py");
    expect(findings.map((finding) => finding.rule)).toEqual(["stripe-secret-key"]);
  });

  it("keeps generic rules out of lockfiles and minified bundles, but not provider rules", () => {
    const generic = `apiKey: "${f.alnum(40)}"`;
    expect(scanText(generic, "src/a.ts").map((finding) => finding.rule)).toEqual(["generic-api-key"]);
    expect(scanText(generic, "yarn.lock")).toEqual([]);
    expect(scanText(generic, "dist/app.min.js")).toEqual([]);
    expect(scanText(`x="${stripe()}"`, "dist/app.min.js").map((finding) => finding.rule)).toEqual(["stripe-secret-key"]);
  });

  it("finds a multi-line private key at the BEGIN line", () => {
    const body = Array.from({ length: 4 }, () => f.base64(64)).join("\n");
    const text = `key = """\n${"-----BEGIN RSA " + "PRIVATE KEY-----"}\n${body}\n${"-----END RSA " + "PRIVATE KEY-----"}\n"""`;
    expect(scanText(text, "deploy.py").map((finding) => [finding.rule, finding.line, finding.column])).toEqual([["private-key", 2, 1]]);
  });

  describe("decoding pass", () => {
    const b64 = (text: string): string => Buffer.from(text).toString("base64");
    const jwt = (): string => `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString("base64url")}.${Buffer.from(`{"sub":"${f.uuid()}"}`).toString("base64url")}.${f.base64url(43)}`;

    it("finds a token wrapped in base64 and reports it at the encoded value", () => {
      const encoded = b64(jwt());
      const [finding, ...rest] = scanText(`helm:\n  token: ${encoded}\n`, "values.yaml");
      expect(rest).toEqual([]);
      expect(finding).toMatchObject({ rule: "jwt", line: 2, column: 10, secret: encoded, decoded: "base64" });
    });

    it("follows base64 inside base64 two levels deep, not three", () => {
      const token = stripe();
      expect(scanText(`v: ${b64(`inner: ${b64(`key=${token}`)}`)}`, "a.yaml").map((finding) => finding.rule)).toEqual(["stripe-secret-key"]);
      expect(scanText(`v: ${b64(b64(b64(`key=${token}`)))}`, "a.yaml")).toEqual([]);
    });

    it("leaves binary payloads, data URIs and encoded prose alone", () => {
      expect(scanText(`blob: ${f.base64(120)}`, "a.yaml")).toEqual([]);
      expect(scanText(`url(data:text/plain;base64,${b64(`key=${stripe()}`)})`, "a.css")).toEqual([]);
      expect(scanText(`motto: ${b64("the quick brown fox jumps over the lazy dog, twice")}`, "a.yaml")).toEqual([]);
    });
  });

  it("drops a GitHub token whose CRC-32 does not match, and marks a matching one as verified format", () => {
    expect(scanText(`GH_TOKEN=${f.crc32Token("ghp_")}`, "ci.env")[0]).toMatchObject({ rule: "github-pat", verified: "format" });
    const madeUp = "ghp_" + f.alnum(36);
    expect(scanText(`GH_TOKEN=${madeUp}`, "ci.sh").filter((finding) => finding.secret === madeUp)).toEqual([]);
  });
});
