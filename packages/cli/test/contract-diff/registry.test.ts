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

  // Every rule's mirror reads every example of the rule from the other side, which the mirror's direction names:
  // - a mirror in the other direction (request ↔ response: request-min-increased ↔ response-min-decreased)
  //   reads the example with base/head swapped AND request/response swapped;
  // - a mirror in the same direction is the opposite change (request-property-became-required ↔
  //   request-property-became-optional): base/head swapped only.
  // The rule fires on the example exactly when the mirror fires on the swapped one. This once caught a closed
  // tuple (`items: false`) read as "anything allowed" on one side only, a 2XX → 200 narrowing reported as a
  // removed success status, and a path parameter's dropped declaration reported as a removed parameter.
  const swapDirection = (fragment: ExampleFragment): ExampleFragment => {
    const { request, response, requestRequired: _requestRequired, ...rest } = fragment;
    return { ...rest, ...(response !== undefined ? { request: response } : {}), ...(request !== undefined ? { response: request } : {}) };
  };
  // Only bodies move between directions: parameters, paths, statuses and webhooks have no other side to move to,
  // so a rule whose mirror is in the other direction must show body changes.
  const DIRECTION_NEUTRAL_KEYS = new Set(["request", "response", "requestRequired", "components"]);
  const movable = (example: RuleExample) => [example.base, example.head].every((fragment) => Object.keys(fragment).every((key) => DIRECTION_NEUTRAL_KEYS.has(key)));

  // Examples whose swap the mirror does NOT read the declared way, each with why. All of these are a mirror that
  // is coarser than the rule: one rule on one side covers two (or more) on the other, so a near-miss that stays
  // quiet only because a sibling takes it (or a fire a sibling mirror takes) reads differently when swapped.
  // The test checks the opposite outcome, so a stale entry fails too.
  const MIRROR_EXCEPTIONS: Record<string, string> = {
    "request-parameter-added: a required parameter is request-parameter-added-required":
      "Removing a parameter is one rule (request-parameter-removed) whether it was optional or required; adding one is two.",
    "request-parameter-added-required: optional ?agency added": "Same: removal is one rule whatever the parameter's required flag was.",
    "response-sent-optional-parameter-removed: a required one removed is the breaking rule":
      "Adding a sent parameter is one rule (response-sent-parameter-added); removing one is two, by its required flag.",
    "request-body-became-required: required body added":
      "The rule covers a required body added and an optional body made required; undoing the first is request-body-removed.",
    "request-body-added: a required body is request-body-became-required": "Same: removing a body is one rule whatever its required flag was.",
    "request-body-removed: body removed": "The removed body was required; adding a required body back is request-body-became-required, not request-body-added.",
    "response-status-added: 404 documented": "Removing a status is two rules, by success/error; a 404 removed is response-error-status-removed.",
    "endpoint-removed: a deprecated operation removed is not this rule":
      "Removing an operation is three rules (deprecated or not, before or after its sunset); adding one is endpoint-added.",
    "endpoint-removed-before-sunset: sunset passed": "Same: adding an operation is one rule whatever the removal was.",
    "deprecated-endpoint-removed: a non-deprecated removal is endpoint-removed": "Same: adding an operation is one rule whatever the removal was.",
    "request-required-property-added: optional price added": "Removing a request property is one rule whatever its required flag was; adding one is two.",
    "request-optional-property-added: required price added is breaking instead": "Same: removing a request property is one rule.",
    "security-requirement-added: apiKey replaced by bearer":
      "A replaced scheme is its own mirror: bearer → apiKey breaks bearer clients just as apiKey → bearer breaks apiKey ones.",
    "response-pattern-changed: pattern removed":
      "One response rule covers a pattern changed or removed; from the request side those are request-pattern-changed (warning) and request-pattern-added (breaking).",
  };
  const exceptionKey = (id: string, title: string) => `${id}: ${title}`;

  const mirrored = ALL_RULES.filter((rule) => rule.mirror).flatMap((rule) => {
    const crosses = RULES.get(rule.mirror!)!.direction !== rule.direction;
    return [...rule.fires.map((example) => [true, example] as const), ...rule.quiet.map((example) => [false, example] as const)]
      .map(([fires, example]) => [rule.id, rule.mirror!, crosses, fires, example.title, example] as const);
  });
  test("mirrors are checked in both conventions, over every example of every rule with a mirror", () => {
    expect(mirrored.filter(([, , crosses]) => crosses).length).toBeGreaterThan(200);
    expect(mirrored.filter(([, , crosses]) => !crosses).length).toBeGreaterThan(100);
    const cross = ALL_RULES.filter((rule) => rule.mirror && RULES.get(rule.mirror)!.direction !== rule.direction);
    const unmovable = cross.flatMap((rule) => [...rule.fires, ...rule.quiet].filter((example) => !movable(example)).map((example) => exceptionKey(rule.id, example.title)));
    // A cross-direction example must be a body change (components allowed), or its swap would be meaningless.
    expect(unmovable).toEqual([]);
  });
  test("every mirror exception names an existing example", () => {
    const known = new Set(ALL_RULES.flatMap((rule) => [...rule.fires, ...rule.quiet].map((example) => exceptionKey(rule.id, example.title))));
    for (const key of Object.keys(MIRROR_EXCEPTIONS)) expect(known.has(key), key).toBe(true);
  });
  test.each(mirrored)("%s ↔ %s (other direction: %s, fires: %s): %s", (id, mirror, crosses, fires, title, example) => {
    const swap = crosses ? swapDirection : (fragment: ExampleFragment) => fragment;
    const swapped = changesOf({ title: "swapped", base: swap(example.head), head: swap(example.base) });
    const expected = exceptionKey(id, title) in MIRROR_EXCEPTIONS ? !fires : fires;
    expect(swapped.map((change) => change.id).includes(mirror), JSON.stringify(swapped.map((change) => change.id))).toBe(expected);
  });

  test("formatMessage leaves unknown placeholders visible", () => {
    expect(formatMessage("{a} and {b}", { a: 1 })).toBe("1 and {b}");
  });
});
