import { describe, expect, it } from "vitest";
import { KeywordMatcher } from "./keywords.js";

describe("KeywordMatcher (Aho-Corasick prefilter)", () => {
  const matcher = new KeywordMatcher(["sk_live_", "live", "ghp_", "he", "she", "hers", "private key"]);
  const found = (text: string): string[] => [...matcher.find(text)].map((index) => matcher.keywords[index]!).sort();

  it("finds overlapping and nested keywords in one pass, case-insensitively", () => {
    expect(found("KEY = SK_LIVE_abc")).toEqual(["live", "sk_live_"]);
    expect(found("ushers")).toEqual(["he", "hers", "she"]);
    expect(found("-----BEGIN RSA PRIVATE KEY-----")).toEqual(["private key"]);
  });

  it("ignores non-ASCII text and reports nothing when no keyword occurs", () => {
    expect(found("čšž — 日本語 ghp")).toEqual([]);
    expect(found("")).toEqual([]);
    expect(found("日本語ghp_x")).toEqual(["ghp_"]);
  });
});
