/** Changes → CommandResult: JSON fields, blocks grouped by operation (breaking first), findings for annotations. */
import type { CommandResult, Finding, FindingLevel, ReportBlock, RuleDescriptor } from "../../../kernel/result.js";
import { LEVEL_RANK, type Change, type ChangeLevel } from "../model.js";
import { ruleById } from "../rules/registry.js";
import type { CallSite } from "./consumers.js";
import type { IgnoreOutcome } from "./ignore.js";

export interface ReportInput {
  baseShown: string;
  headShown: string;
  failOn: ChangeLevel;
  outcome: IgnoreOutcome;
  /** Line of each kept change in the head file, when the head is a file in the repo. */
  lines: Map<Change, number>;
  /** The head file as annotations should name it (relative to cwd), when it is in the repo. */
  annotateFile?: string;
  callSites: Map<string, CallSite[]>;
  consumersScanned: boolean;
  warnings: string[];
}

const FINDING_LEVEL: Record<ChangeLevel, FindingLevel> = { breaking: "error", warning: "warning", info: "note" };
const LABEL: Record<ChangeLevel, string> = { breaking: "BREAKING", warning: "warning", info: "info" };

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function countBy(changes: Change[], level: ChangeLevel): number {
  return changes.filter((change) => change.level === level).length;
}

/** Operations with breaking changes first, then warnings, then the rest; each by name. */
function groupByOperation(changes: Change[]): [string, Change[]][] {
  const groups = new Map<string, Change[]>();
  for (const change of changes) {
    const list = groups.get(change.operation) ?? [];
    list.push(change);
    groups.set(change.operation, list);
  }
  const worst = (list: Change[]) => Math.max(...list.map((change) => LEVEL_RANK[change.level]));
  for (const list of groups.values()) list.sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]);
  return [...groups].sort(([nameA, a], [nameB, b]) => worst(b) - worst(a) || pathOf(nameA).localeCompare(pathOf(nameB)) || nameA.localeCompare(nameB));
}

function pathOf(operation: string): string {
  return operation.slice(operation.indexOf(" ") + 1);
}

export function buildResult(input: ReportInput): CommandResult {
  const { kept, ignored } = input.outcome;
  const breaking = countBy(kept, "breaking");
  const warning = countBy(kept, "warning");
  const info = countBy(kept, "info");
  const failing = kept.filter((change) => LEVEL_RANK[change.level] >= LEVEL_RANK[input.failOn]);
  const breakingOperations = new Set(kept.filter((change) => change.level === "breaking").map((change) => change.operation)).size;

  const extras: string[] = [];
  if (warning) extras.push(plural(warning, "warning"));
  extras.push(`${info} non-breaking`);
  if (ignored.length) extras.push(`${ignored.length} accepted`);
  const summary = breaking
    ? `${plural(breaking, "breaking change")} in ${plural(breakingOperations, "operation")} (${extras.join(", ")})`
    : `no breaking changes (${extras.join(", ")})`;

  const blocks: ReportBlock[] = [
    { kind: "paragraph", text: `${input.baseShown} → ${input.headShown}`, tone: "muted" },
    {
      kind: "table",
      columns: ["level", "changes"],
      rows: [
        ["breaking", String(breaking)],
        ["warning", String(warning)],
        ["info (non-breaking)", String(info)],
        ...(ignored.length ? [["accepted (ignore file)", String(ignored.length)]] : []),
      ],
      align: ["left", "right"],
    },
  ];
  if (failing.length && input.failOn !== "breaking") blocks.push({ kind: "paragraph", text: `--fail-on ${input.failOn}: ${plural(failing.length, "change")} at or above ${input.failOn}`, tone: "bad" });

  for (const [operation, changes] of groupByOperation(kept)) {
    const counts = (["breaking", "warning", "info"] as const)
      .map((level) => [level, countBy(changes, level)] as const)
      .filter(([, count]) => count > 0)
      .map(([level, count]) => `${count} ${level === "info" ? "non-breaking" : level}`);
    const items = changes.map((change) => `${LABEL[change.level]} ${change.id}: ${change.message}${change.location === "operation" ? "" : ` — ${change.location}`}`);
    const inner: ReportBlock[] = [{ kind: "list", items, tone: changes[0]!.level === "breaking" ? "bad" : changes[0]!.level === "warning" ? "warn" : undefined }];
    const sites = input.callSites.get(operation);
    if (sites?.length) {
      inner.push({ kind: "paragraph", text: `used by ${plural(sites.length, "call site")}:` });
      inner.push({ kind: "list", items: sites.map((site) => `${site.file}:${site.line}${site.method ? "" : " (method not stated in the code)"}`) });
    } else if (input.consumersScanned && changes.some((change) => change.level !== "info")) {
      inner.push({ kind: "paragraph", text: "no call sites found in the consumers", tone: "muted" });
    }
    blocks.push({ kind: "details", summary: `${operation} — ${counts.join(", ")}`, blocks: inner });
  }
  if (ignored.length) {
    blocks.push({
      kind: "details",
      summary: `Accepted by the ignore file (${ignored.length})`,
      blocks: [{ kind: "list", items: ignored.map(({ change, reason, until }) => `${change.operation} ${change.id}: ${change.message} — accepted: ${reason}${until ? ` (until ${until})` : ""}`), tone: "muted" }],
    });
  }
  if (!kept.length && !ignored.length) blocks.push({ kind: "paragraph", text: "The two specs describe the same contract.", tone: "good" });

  const findings: Finding[] = kept.map((change) => {
    const line = input.lines.get(change);
    return {
      ruleId: change.id,
      level: FINDING_LEVEL[change.level],
      message: `${change.operation}: ${change.message} (${change.location})`,
      title: `${change.operation} — ${change.id}`,
      ...(input.annotateFile ? { location: { file: input.annotateFile, line: line ?? 1 } } : {}),
      fingerprint: `${change.id}|${change.operation}|${change.location}`,
    };
  });
  const ruleIds = [...new Set(kept.map((change) => change.id))];
  const rules: RuleDescriptor[] = ruleIds.map((id) => {
    const rule = ruleById(id);
    return { id, shortDescription: rule.description, level: FINDING_LEVEL[rule.level] };
  });

  const changeJson = (change: Change) => {
    const line = input.lines.get(change);
    const sites = input.callSites.get(change.operation);
    return {
      id: change.id,
      level: change.level,
      operation: change.operation,
      location: change.location,
      message: change.message,
      ...(line !== undefined && input.annotateFile ? { file: input.annotateFile, line } : {}),
      ...(input.consumersScanned && change.level !== "info" ? { callSites: (sites ?? []).map(({ file, line: siteLine }) => ({ file, line: siteLine })) } : {}),
    };
  };

  return {
    command: "contract-diff",
    verdict: failing.length ? "failed" : "passed",
    summary,
    blocks,
    findings,
    rules,
    warnings: input.warnings,
    json: {
      base: input.baseShown,
      head: input.headShown,
      failOn: input.failOn,
      breaking,
      counts: { breaking, warning, info, accepted: ignored.length },
      changes: [...kept].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level]).map(changeJson),
      accepted: ignored.map(({ change, reason, until }) => ({ id: change.id, level: change.level, operation: change.operation, location: change.location, message: change.message, reason, ...(until ? { until } : {}) })),
    },
  };
}
