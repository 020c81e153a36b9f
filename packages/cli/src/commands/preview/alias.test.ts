import { describe, expect, test } from "vitest";
import { aliasHostname, dnsLabel, DEFAULT_ALIAS_TEMPLATE } from "./alias.js";

describe("aliasHostname", () => {
  test.each([
    ["crm", 12, "crm-pr-12.vercel.app"],
    ["crm.frontend", 3, "crm-frontend-pr-3.vercel.app"],
    ["CRM_Web App", 7, "crm-web-app-pr-7.vercel.app"],
    ["-crm-", 1, "crm-pr-1.vercel.app"],
    ["a".repeat(80), 12345, `${"a".repeat(54)}-pr-12345.vercel.app`],
  ])("%s #%i → %s", (project, pr, expected) => {
    const hostname = aliasHostname(DEFAULT_ALIAS_TEMPLATE, project, pr);
    expect(hostname).toBe(expected);
    expect(hostname.split(".")[0]!.length).toBeLessThanOrEqual(63);
  });

  test("custom domains keep their dots, only the first label is normalised", () => {
    expect(aliasHostname("pr-{pr}-{project}.preview.example.com", "crm.web", 9)).toBe("pr-9-crm-web.preview.example.com");
  });

  test("dnsLabel never starts or ends with a hyphen", () => {
    expect(dnsLabel("..a..b..")).toBe("a-b");
  });
});

describe("parseDuration and formatDuration (--timeout)", () => {
  test.each([
    ["300", 300_000, "5m"],
    ["90s", 90_000, "1m30s"],
    ["5m", 300_000, "5m"],
    ["1h", 3_600_000, "60m"],
    ["0.5m", 30_000, "30s"],
  ])("%s → %d ms → %s", async (text, ms, shown) => {
    const { parseDuration, formatDuration } = await import("./vercel.js");
    expect(parseDuration(text)).toBe(ms);
    expect(formatDuration(ms)).toBe(shown);
  });

  test.each(["", "0", "soon", "5 minutes", "-1m"])("%j is not a duration", async (text) => {
    const { parseDuration } = await import("./vercel.js");
    expect(parseDuration(text)).toBeUndefined();
  });
});
