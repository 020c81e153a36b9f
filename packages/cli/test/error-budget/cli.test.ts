import { execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parse as parseYaml } from "yaml";
import { runCommand, tempTrees } from "../helpers.js";
import { requestLine, trafficLog } from "./fixtures.js";

const tree = tempTrees();

/** One day of traffic, 2 requests a minute, with `down` minutes answering 503. */
function dayWithDowntime(down: number): string {
  return trafficLog(1440, 2, new Set(Array.from({ length: down }, (_, i) => 600 + i)));
}

describe("error-budget report", () => {
  test("JSON has the documented shape", async () => {
    const dir = await tree({ "api.jsonl": dayWithDowntime(3) });
    const run = await runCommand(["error-budget", "--logs", "api.jsonl", "--window", "1d", "--format", "json"], { cwd: dir });
    expect(run.exitCode).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json).toMatchObject({
      schemaVersion: 1,
      command: "error-budget",
      window: { start: "2026-11-01T00:00:00.000Z", end: "2026-11-01T23:59:01.000Z", duration: "1d" },
      skippedLines: 0,
      status: "critical",
    });
    expect(json.slos.map((s: { name: string }) => s.name)).toEqual(["availability", "latency", "error-rate"]);
    const availability = json.slos[0];
    // 1 day at 99.9% allows 1.44 minutes; 3 are down.
    expect(availability).toMatchObject({ objective: 99.9, status: "critical", budgetTotal: 1.44, budgetConsumed: 3, budgetConsumedPercent: 208.33, budgetRemainingPercent: 0 });
    expect(Object.keys(availability.burnRates)).toEqual(["5m", "30m", "1h", "6h", "3d"]);
    expect(availability.alerts).toHaveLength(3);
    expect(typeof availability.p95Ms).toBe("number");
    expect(availability.errorRatePercent).toBeCloseTo((6 / 2880) * 100, 3);
    // FR-056: a structured critical line on stderr.
    const logged = run.stderr.trim().split("\n").map((line) => JSON.parse(line));
    expect(logged).toContainEqual(expect.objectContaining({ level: "critical", event: "error_budget_exhausted", slo: "availability" }));
  });

  test("text shows a budget bar per SLO and the burn chart", async () => {
    const dir = await tree({ "api.jsonl": dayWithDowntime(1) });
    const run = await runCommand(["error-budget", "--logs", "api.jsonl", "--window", "1d"], { cwd: dir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/availability {2}\[#{21}\.{9}\] {2}69\.4% of budget used \(1 of 1\.4 min\) · burn 0\.69× · warning/);
    expect(run.stdout).toContain("Burn rate over the window (30 columns of 48m");
    // FR-055: a structured warning line at ≥ 50 %.
    expect(JSON.parse(run.stderr.trim().split("\n")[0]!)).toMatchObject({ level: "warning", event: "error_budget_warning", slo: "availability", budgetConsumedPercent: 69.44 });
  });

  test.each([
    [0, undefined, 0],
    [1, "warning", 1],
    [1, "critical", 0],
    [2, "critical", 1],
  ])("%i minutes down with --fail-on %s exits %i", async (down, failOn, exitCode) => {
    const dir = await tree({ "api.jsonl": dayWithDowntime(down) });
    const run = await runCommand(["error-budget", "--logs", "api.jsonl", "--window", "1d", ...(failOn ? ["--fail-on", failOn] : [])], { cwd: dir });
    expect(run.exitCode).toBe(exitCode);
  });

  test("--health-out writes the /health fragment; exhaustion is warn, never fail", async () => {
    const dir = await tree({ "api.jsonl": dayWithDowntime(2) });
    const run = await runCommand(["error-budget", "--logs", "api.jsonl", "--window", "1d", "--health-out", "out/health.json"], { cwd: dir });
    expect(run.exitCode).toBe(0);
    const health = JSON.parse(await readFile(join(dir, "out/health.json"), "utf8"));
    expect(health.status).toBe("warn");
    expect(Object.keys(health.checks)).toEqual(["errorBudget:availability", "errorBudget:latency", "errorBudget:error-rate"]);
    expect(health.checks["errorBudget:availability"]).toEqual([
      { componentType: "slo", observedValue: 0, observedUnit: "percent", status: "warn", time: health.generatedAt, output: "error budget exhausted (138.9% used)" },
    ]);
    expect(health.checks["errorBudget:latency"][0]).toEqual({ componentType: "slo", observedValue: 100, observedUnit: "percent", status: "pass", time: health.generatedAt });
    expect(JSON.stringify(health)).not.toContain('"fail"');
  });

  test("--window month: the calendar month so far, against the whole month's budget", async () => {
    // One request a minute until 2026-11-02 00:59; the first hour is moved to October, outside the window.
    const lines = trafficLog(25 * 60, 1, new Set(Array.from({ length: 20 }, (_, i) => 600 + i))).trimEnd().split("\n");
    const october = lines.slice(0, 60).map((line) => line.replace("2026-11-01T", "2026-10-31T"));
    const dir = await tree({ "api.jsonl": `${[...october, ...lines.slice(60)].join("\n")}\n` });
    const run = await runCommand(["error-budget", "--logs", "api.jsonl", "--window", "month", "--format", "json"], { cwd: dir });
    expect(run.exitCode).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.window).toMatchObject({ start: "2026-11-01T00:00:00.000Z", duration: "calendar month 2026-11" });
    expect(json.skipped.outsideWindow).toBe(60);
    // November has 30 days: a 43.2-minute budget, of which the 20 down minutes use 46.3%.
    expect(json.slos[0]).toMatchObject({ budgetTotal: 43.2, budgetConsumed: 20, budgetConsumedPercent: 46.3, status: "ok" });
    expect(json.slos[0].measured).toMatchObject({ windowMinutes: 43_200, elapsedMinutes: 1500, knownMinutes: 1440, unknownMinutes: 60 });
  });

  test("zero traffic is no data and not checked (exit 1, never a pass on nothing), no NaN anywhere", async () => {
    const dir = await tree({ "api.jsonl": "" });
    const run = await runCommand(["error-budget", "--logs", "api.jsonl", "--format", "json", "--until", "2026-11-25T00:00:00Z"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: "not-checked", summary: expect.stringMatching(/^not checked: no request in the window/), work: { count: 0 } });
    expect(run.stdout).not.toMatch(/NaN|Infinity/);
    const json = JSON.parse(run.stdout);
    expect(json.status).toBe("no-data");
    expect(json.slos.every((s: { status: string; budgetConsumedPercent: unknown }) => s.status === "no-data" && s.budgetConsumedPercent === null)).toBe(true);
  });

  test.each([
    [["error-budget"], /needs a source/],
    [["error-budget", "--logs", "a", "--prometheus", "http://127.0.0.1:1"], /choose one source/],
    [["error-budget", "--logs", "a", "--window", "30 days"], /--window 30 days: expected a duration/],
    [["error-budget", "--logs", "a", "--until", "last tuesday"], /--until last tuesday: expected an ISO 8601 time/],
    [["error-budget", "--logs", "a", "--field", "status"], /--field status: expected NAME=JSON_FIELD/],
    [["error-budget", "--logs", "a", "--field", "colour=c"], /--field colour=…: unknown field/],
    [["error-budget", "--logs", "a", "--fail-on", "sometimes"], /--fail-on sometimes: choose warning or critical/],
  ])("usage error: %j", async (argv, message) => {
    const dir = await tree({ a: "" });
    const run = await runCommand(argv, { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  test("an unreachable Prometheus is an input error naming the URL", async () => {
    const dir = await tree({});
    const run = await runCommand(["error-budget", "--prometheus", "http://127.0.0.1:65533"], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^error: http:\/\/127\.0\.0\.1:65533\/api\/v1\/query: cannot fetch: ECONNREFUSED/);
  });
});

describe("SLOs from config and OpenSLO", () => {
  test("config slos replace the defaults; a fraction-looking objective warns", async () => {
    const config = { slos: [{ name: "checkout-availability", kind: "availability", objective: 0.999 }, { name: "fast", kind: "latency", objective: 90, thresholdMs: 100 }] };
    const dir = await tree({ "api.jsonl": trafficLog(60, 2), "crm-devex.config.json": JSON.stringify(config) });
    const run = await runCommand(["error-budget", "--logs", "api.jsonl", "--window", "1h", "--format", "json"], { cwd: dir });
    const json = JSON.parse(run.stdout);
    expect(json.slos.map((s: { name: string }) => s.name)).toEqual(["checkout-availability", "fast"]);
    expect(json.warnings[0]).toMatch(/checkout-availability has objective 0\.999, which looks like a fraction; objectives are percentages \(write 99\.9/);
  });

  test("an unknown key in errorBudget is a config error naming it", async () => {
    const dir = await tree({ "crm-devex.config.json": JSON.stringify({ errorBudget: { log: ["x"] } }) });
    const run = await runCommand(["error-budget", "--logs", "x"], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^error: crm-devex\.config\.json:\d+: unknown key "log" in errorBudget/);
  });

  test("a latency SLO without thresholdMs is a config error naming its line", async () => {
    const config = "slos:\n  - name: up\n    kind: availability\n    objective: 99\n  - name: fast\n    kind: latency\n    objective: 95\n";
    const dir = await tree({ "api.jsonl": trafficLog(60, 2), "crm-devex.config.yaml": config });
    const run = await runCommand(["error-budget", "--logs", "api.jsonl"], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^error: crm-devex\.config\.yaml:5: slos\.1\.thresholdMs: a latency SLO needs thresholdMs/);
  });

  const openslo = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-availability
  displayName: API availability
spec:
  service: crm-api
  budgetingMethod: Timeslices
  timeWindow:
    - duration: 7d
      isRolling: true
  objectives:
    - displayName: good minutes
      target: 0.995
      timeSliceTarget: 0.5
      timeSliceWindow: 1m
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-latency
spec:
  service: crm-api
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 7d
      isRolling: true
  objectives:
    - op: lte
      value: 300
      targetPercent: 0.99
`;

  test("OpenSLO v1 documents: Timeslices → availability, threshold → latency, window from timeWindow", async () => {
    const dir = await tree({ "api.jsonl": trafficLog(60, 2), "slo.yaml": openslo });
    const run = await runCommand(["error-budget", "--logs", "api.jsonl", "--openslo", "slo.yaml", "--format", "json"], { cwd: dir });
    expect(run.exitCode).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.window.duration).toBe("7d");
    expect(json.slos.map((s: { name: string; kind: string; objective: number }) => [s.name, s.kind, s.objective])).toEqual([
      ["api-availability", "availability", 99.5],
      ["api-latency", "latency", 0.99],
    ]);
    expect(json.slos[1].measured.thresholdMs).toBe(300);
    expect(json.warnings.join("\n")).toMatch(/slo\.yaml:\d+ targetPercent: SLO api-latency has objective 0\.99, which looks like a fraction/);
  });

  test("OpenSLO timeSliceTarget 1: one failed request makes its minute down", async () => {
    const lines: string[] = [];
    for (let minute = 0; minute < 60; minute++) {
      for (let second = 0; second < 4; second++) lines.push(requestLine({ minute, second, status: minute === 10 && second === 0 ? 500 : 200 }));
    }
    const downMinutes = async (sliceTarget: number) => {
      const doc = `apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: up}\nspec:\n  budgetingMethod: Timeslices\n  timeWindow: [{duration: 1d, isRolling: true}]\n  objectives: [{target: 0.99, timeSliceTarget: ${sliceTarget}}]\n`;
      const dir = await tree({ "api.jsonl": `${lines.join("\n")}\n`, "slo.yaml": doc });
      const run = await runCommand(["error-budget", "--logs", "api.jsonl", "--openslo", "slo.yaml", "--format", "json"], { cwd: dir });
      expect(run.exitCode).toBe(0);
      return JSON.parse(run.stdout).slos[0].measured.downMinutes as number;
    };
    expect(await downMinutes(0.5)).toBe(0);
    expect(await downMinutes(1)).toBe(1);
  });

  test.each([
    ["apiVersion: openslo/v2\nkind: SLO\n", /apiVersion "openslo\/v2" is not supported/],
    ["apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: x}\nspec: {budgetingMethod: Weekly, objectives: [{target: 0.9}]}\n", /budgetingMethod "Weekly"/],
    ["apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: x}\nspec: {budgetingMethod: Occurrences, objectives: [{target: 99.9}]}\n", /target 99\.9 must be a fraction below 1/],
    ["apiVersion: openslo/v1\nkind: SLO\nmetadata: {name: x}\nspec: {objectives: [{target: 0.9}]}\n", /slo\.yaml:1: SLO x: spec\.budgetingMethod is missing\n/],
    ["key: [unclosed\n", /^error: slo\.yaml:2: not valid YAML: .*at line 2, column 1\n/],
  ])("bad OpenSLO is an input error naming the file: %j", async (text, message) => {
    const dir = await tree({ "api.jsonl": "", "slo.yaml": text });
    const run = await runCommand(["error-budget", "--logs", "api.jsonl", "--openslo", "slo.yaml"], { cwd: dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/^error: slo\.yaml/);
    expect(run.stderr).toMatch(message);
  });
});

describe("check", () => {
  test("not configured without errorBudget.logs matches or errorBudget.prometheus", async () => {
    const dir = await tree({ "crm-devex.config.json": JSON.stringify({ errorBudget: { logs: ["logs/*.jsonl"] } }) });
    const run = await runCommand(["check", "--only", "error-budget", "--format", "json"], { cwd: dir });
    const json = JSON.parse(run.stdout);
    expect(JSON.stringify(json)).toContain("matches no files");
  });

  test("configured by errorBudget.logs, failing at errorBudget.failOn", async () => {
    const dir = await tree({
      "crm-devex.config.json": JSON.stringify({ errorBudget: { logs: ["logs/*.jsonl"], window: "1d", failOn: "critical" } }),
      "logs/api.jsonl": dayWithDowntime(5),
    });
    const run = await runCommand(["check", "--only", "error-budget"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("availability 347.2% used (critical)");
  });
});

describe("generators", () => {
  test("rules: one group per SLO, multi-window burn alerts, accepted by promtool", async () => {
    const dir = await tree({});
    const run = await runCommand(["error-budget", "rules"], { cwd: dir });
    expect(run.exitCode).toBe(0);
    const rules = parseYaml(run.stdout) as { groups: { name: string; rules: { record?: string; alert?: string; expr: string; labels: Record<string, string> }[] }[] };
    expect(rules.groups.map((g) => g.name)).toEqual(["crm-devex-slo-availability", "crm-devex-slo-latency", "crm-devex-slo-error-rate"]);
    const errorRate = rules.groups[2]!.rules;
    const page = errorRate.find((r) => r.alert === "SLOErrorRateErrorBudgetBurnPage")!;
    expect(page.expr).toContain('slo:sli_error:ratio_rate1h{slo="error-rate"} > 0.0144');
    expect(page.expr).toContain('slo:sli_error:ratio_rate30m{slo="error-rate"} > 0.006');
    // Quiet at low traffic: the long window must have served errorBudget.alertMinRequests (100).
    expect(page.expr).toContain('and on()\n  sum(increase(http_requests_total{handler!~"/health|/metrics"}[1h])) >= 100');
    expect(errorRate.find((r) => r.alert === "SLOErrorRateErrorBudgetBurnTicket")!.expr).toContain('slo:sli_error:ratio_rate3d{slo="error-rate"} > 0.001');
    expect(rules.groups[1]!.rules.find((r) => r.record === "slo:sli_errors:rate5m")!.expr).toContain('le=~"0\\\\.50*"');
    expect(errorRate.find((r) => r.record === "slo:sli_error:ratio_rate5m")!.expr).toContain('handler!~"/health|/metrics"');
    await writeFile(join(dir, "rules.yaml"), run.stdout);
    const checked = execFileSync("promtool", ["check", "rules", join(dir, "rules.yaml")], { encoding: "utf8" });
    expect(checked).toMatch(/SUCCESS: 46 rules found/);
  });

  test("dashboard: budget remaining per SLO, burn rate, P50/P95/P99, error rate per endpoint", async () => {
    const dir = await tree({});
    const run = await runCommand(["error-budget", "dashboard"], { cwd: dir });
    expect(run.exitCode).toBe(0);
    const dashboard = JSON.parse(run.stdout) as { panels: { title: string; targets: { expr: string }[] }[] };
    expect(dashboard.panels.map((p) => p.title)).toEqual([
      "Error budget remaining · availability (30d)",
      "Error budget remaining · latency (30d)",
      "Error budget remaining · error-rate (30d)",
      "Burn rate (1h and 5m)",
      "Latency P50 / P95 / P99",
      "Error rate (5xx) per endpoint",
      "Requests per second by status",
    ]);
    expect(dashboard.panels[4]!.targets.map((t) => t.expr)[1]).toBe(
      'histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{handler!~"/health|/metrics"}[5m])))',
    );
    expect(dashboard.panels[5]!.targets[0]!.expr).toMatch(/^sum by \(handler\)/);
  });
});
