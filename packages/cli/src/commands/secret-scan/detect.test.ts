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
});
