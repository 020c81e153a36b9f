import { describe, expect, test } from "vitest";
import { ALL_RULES, RULES, formatMessage } from "../../src/commands/contract-diff/rules/registry.js";
import { exampleSpec } from "../../src/commands/contract-diff/rules/examples.js";
import { specFromObject } from "../../src/commands/contract-diff/load/spec.js";
import { diffSpecs } from "../../src/commands/contract-diff/diff/operations.js";
import type { ExampleFragment, RuleExample } from "../../src/commands/contract-diff/model.js";

function changesOf(example: RuleExample) {
  const base = specFromObject(structuredClone(exampleSpec(example.base)), "base.json");
  const head = specFromObject(structuredClone(exampleSpec(example.head)), "head.json");
  return diffSpecs(base, head, new Date("2026-01-01"));
}

describe("contract-diff rule registry", () => {
  test("has rules in every family the issue names", () => {
    const areas = new Set(ALL_RULES.map((rule) => rule.area));
    for (const area of ["paths", "parameters", "request-body", "responses", "properties", "schema", "composition", "security", "deprecation"]) {
      expect(areas, area).toContain(area);
    }
    expect(ALL_RULES.filter((rule) => rule.level === "breaking").length).toBeGreaterThanOrEqual(25);
  });

  test.each(ALL_RULES.map((rule) => [rule.id, rule] as const))("%s has docs, a message, examples and a mirror or a waiver", (_id, rule) => {
    expect(rule.description.trim().length).toBeGreaterThan(10);
    expect(rule.docs.trim().length).toBeGreaterThan(10);
    expect(rule.message.trim().length).toBeGreaterThan(5);
    expect(rule.fires.length).toBeGreaterThanOrEqual(1);
    expect(rule.quiet.length).toBeGreaterThanOrEqual(1);
    if (rule.mirror) {
      expect(RULES.has(rule.mirror), `mirror ${rule.mirror} exists`).toBe(true);
      expect(rule.mirror).not.toBe(rule.id);
    } else expect(rule.waiver?.trim().length ?? 0, "a written waiver").toBeGreaterThan(10);
    // Direction-specific rule ids say their direction, so users can read it off the id.
    if (rule.direction === "request" && rule.area !== "paths" && rule.area !== "security") expect(rule.id.startsWith("request-")).toBe(true);
    if (rule.direction === "response") expect(rule.id.startsWith("response-")).toBe(true);
  });

  const fires = ALL_RULES.flatMap((rule) => rule.fires.map((example) => [rule.id, example.title, example] as const));
  test.each(fires)("%s fires: %s", (id, _title, example) => {
    const changes = changesOf(example);
    const hits = changes.filter((change) => change.id === id);
    expect(hits.length, JSON.stringify(changes.map((c) => c.id))).toBe(1);
    const hit = hits[0]!;
    expect(hit.level).toBe(RULES.get(id)!.level);
    for (const placeholder of RULES.get(id)!.message.match(/\{\w+\}/g) ?? []) expect(hit.message).not.toContain(placeholder);
    // Operations are named by method and path, webhooks and callbacks by what they are; a prefix change concerns all.
    expect(hit.operation).toMatch(/^(?:(?:GET|PUT|POST|PATCH|DELETE) (?:\/|\(webhook |\(callback )|every operation$)/);
  });

  const quiet = ALL_RULES.flatMap((rule) => rule.quiet.map((example) => [rule.id, example.title, example] as const));
  test.each(quiet)("%s stays quiet: %s", (id, _title, example) => {
    const changes = changesOf(example);
    expect(changes.map((change) => change.id)).not.toContain(id);
  });

  test("the quiet examples of breaking rules are non-breaking changes (no false alarm hides behind them)", () => {
    for (const rule of ALL_RULES.filter((candidate) => candidate.level === "breaking")) {
      for (const example of rule.quiet) {
        const breaking = changesOf(example).filter((change) => change.level === "breaking");
        expect(breaking.map((change) => change.id), `${rule.id}: ${example.title}`).toEqual([]);
      }
    }
  });

  // A request change base → head breaks what a response change head → base weakens, and so on: a rule and
  // its mirror must read every example the same way from the other side. Checked for the array and bound
  // families, where a closed tuple (`items: false`) once read as "anything allowed" on one side only.
  const MIRRORED_FAMILIES = /^(?:request|response)-(?:prefix-item|items|contains|dependent-schema|max|min)-/;
  const asOtherDirection = (fragment: ExampleFragment): ExampleFragment =>
    fragment.request !== undefined ? { response: fragment.request } : { request: fragment.response };
  const mirrored = ALL_RULES.filter((rule) => rule.mirror && MIRRORED_FAMILIES.test(rule.id)).flatMap((rule) =>
    [...rule.fires.map((example) => [true, example] as const), ...rule.quiet.map((example) => [false, example] as const)]
      .filter(([, example]) => Object.keys(example.base).length === 1 && Object.keys(example.head).length === 1)
      .map(([fires, example]) => [rule.id, rule.mirror!, fires, example.title, example] as const),
  );
  test("the array and bound families have mirrored examples to check", () => expect(mirrored.length).toBeGreaterThan(60));
  test.each(mirrored)("%s ↔ %s (fires: %s): %s", (_id, mirror, fires, _title, example) => {
    const swapped = changesOf({ title: "swapped", base: asOtherDirection(example.head), head: asOtherDirection(example.base) });
    expect(swapped.map((change) => change.id).includes(mirror), JSON.stringify(swapped.map((change) => change.id))).toBe(fires);
  });

  test("formatMessage leaves unknown placeholders visible", () => {
    expect(formatMessage("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});
