import { describe, expect, it, test } from "vitest";
import { scanText } from "../detect.js";
import { fakeSecrets } from "./fake.js";
import { SECRET_RULES } from "./index.js";

const rules = [...SECRET_RULES.values()];
const truePositives = rules.flatMap((rule) => rule.examples.truePositives(fakeSecrets(rule.id)).map((example) => [rule.id, example] as const));
const falsePositives = rules.flatMap((rule) => rule.examples.falsePositives.map((example) => [rule.id, example] as const));

describe("secret rule catalogue", () => {
  it("has at least 100 rules, each with examples both ways and prefilter keywords", () => {
    expect(rules.length).toBeGreaterThanOrEqual(100);
    for (const rule of rules) {
      expect(rule.examples.truePositives(fakeSecrets(rule.id)).length, rule.id).toBeGreaterThan(0);
      expect(rule.examples.falsePositives.length, rule.id).toBeGreaterThan(0);
      expect(rule.keywords.length, rule.id).toBeGreaterThan(0);
      for (const keyword of rule.keywords) expect(keyword, rule.id).toBe(keyword.toLowerCase());
    }
  });

  test.each(truePositives)("%s finds its true positive: %s", (id, example) => {
    const rule = SECRET_RULES.get(id)!;
    // The prefilter must let the example through, or the rule could never fire.
    expect(rule.keywords.some((keyword) => example.toLowerCase().includes(keyword)), "a keyword occurs in the example").toBe(true);
    const findings = scanText(example, "src/settings.ts");
    expect(findings.map((finding) => finding.rule)).toContain(id);
    const finding = findings.find((candidate) => candidate.rule === id)!;
    expect(example).toContain(finding.secret);
    expect(finding.masked).not.toContain(finding.secret.slice(5));
  });

  test.each(falsePositives)("%s ignores its false positive: %s", (_id, example) => {
    expect(scanText(example, "src/settings.ts")).toEqual([]);
  });
});

describe("secret rule docs", () => {
  it("docs/secret-scan.md lists every rule id", async () => {
    const { readFile } = await import("node:fs/promises");
    const docs = await readFile(new URL("../../../../../../docs/secret-scan.md", import.meta.url), "utf8");
    const missing = rules.filter((rule) => !docs.includes(`| \`${rule.id}\` |`)).map((rule) => rule.id);
    expect(missing).toEqual([]);
  });
});
