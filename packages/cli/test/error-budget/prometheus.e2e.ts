/**
 * The example API under generated traffic, scraped every second by a real
 * `prometheus` on 127.0.0.1 that also evaluates the rules `error-budget rules`
 * wrote. `error-budget --prometheus` must agree with `error-budget --logs` over
 * the API's own stdout log, within the tolerances below.
 *
 * Tolerances, and why: Prometheus' increase() extrapolates to the window edges
 * and cannot see what a series counted before its first scrape, so whole-request
 * counts may differ by a few percent; ratios (error rate, share within the latency
 * threshold) cancel most of that; minute slices may differ by one at each edge of
 * the 5xx phase, because a log line is stamped when the request ends and a scrape
 * lands up to a second later.
 */
import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runCommand } from "../helpers.js";

const ROOT = resolve(import.meta.dirname, "../../../..");
const BACKEND = join(ROOT, "examples/crm/backend");
const TOLERANCE = { requestsRelative: 0.04, errorRatePoints: 0.75, withinPoints: 1.0, minutes: 1 };

let dir = "";
let apiPort = 0;
let promPort = 0;
const children: ChildProcess[] = [];
let token = "";
let untilIso = "";

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(250);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Prometheus' answer to an instant query that yields one number (a timestamp), or NaN when it has none yet. */
async function promNumber(query: string): Promise<number> {
  const result = await promQuery(query);
  return result.length === 1 ? Number(result[0]!.value[1]) : Number.NaN;
}

/**
 * Wait until Prometheus has scraped the API after this moment (and, with `evaluated`, run the
 * error-rate rules on that scrape): only then does everything sent so far count. A fixed sleep of a
 * few scrape intervals is not enough when a loaded machine delays the scrapes.
 */
async function scrapedAfterNow(what: string, { evaluated = false } = {}): Promise<void> {
  const sentBy = Date.now() / 1000;
  const lastScrape = () => promNumber('timestamp(up{job="crm-api"})');
  await waitFor(`a scrape after ${what}`, async () => (await lastScrape()) > sentBy, 60_000);
  if (!evaluated) return;
  // That scrape's samples are stored now; an evaluation that starts later reads them. slo:objective:ratio
  // is a constant of the error-rate group, so it always has a sample stamped with the group's last evaluation.
  const storedBy = Date.now() / 1000;
  await waitFor(`a rule evaluation after ${what}`, async () => (await promNumber('timestamp(slo:objective:ratio{slo="error-rate"})')) > storedBy, 60_000);
}

async function promQuery(query: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> {
  const response = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(query)}`);
  const body = (await response.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
  return body.data.result;
}

/** Send requests from `workers` loops until `ms` have passed; returns how many went out. */
async function traffic(ms: number, workers: number, pick: (i: number) => { path: string; auth: boolean }): Promise<number> {
  const end = Date.now() + ms;
  let sent = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = w; Date.now() < end; i += workers) {
        const { path, auth } = pick(i);
        const response = await fetch(`http://127.0.0.1:${apiPort}${path}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
        await response.arrayBuffer();
        sent++;
      }
    }),
  );
  return sent;
}

function dropTable(table: string): void {
  execFileSync("python3", ["-c", `import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("DROP TABLE ${table}"); c.commit()`, join(dir, "crm.db")]);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "crm-devex-prometheus-"));
  [apiPort, promPort] = [await freePort(), await freePort()];
  const password = randomBytes(12).toString("base64url");
  // /metrics answers only with this bearer token; Prometheus reads it from a file, as the
  // example README tells operators to configure it (authorization.credentials_file).
  const metricsToken = randomBytes(32).toString("base64url");
  await writeFile(join(dir, "metrics-token"), metricsToken, { mode: 0o600 });
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite:///${join(dir, "crm.db")}`,
    SECRET_KEY: randomBytes(32).toString("base64url"),
    FRONTEND_ORIGIN: "http://localhost:5173",
    PORT: String(apiPort),
    HOST: "127.0.0.1",
    ENVIRONMENT: "test",
    RATE_LIMIT_PER_MINUTE: "1000000",
    AUTH_RATE_LIMIT_PER_MINUTE: "1000",
    SEED_USER_EMAIL: "slo-test@example.com",
    SEED_USER_PASSWORD: password,
    LOG_LEVEL: "INFO",
    METRICS_TOKEN: metricsToken,
  };
  const api = spawn(join(BACKEND, "serve"), [], { env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(api);
  api.stdout!.pipe(createWriteStream(join(dir, "api.jsonl")));
  api.stderr!.pipe(createWriteStream(join(dir, "api.stderr.log")));
  await waitFor("the example API", async () => (await fetch(`http://127.0.0.1:${apiPort}/health`)).ok, 240_000);
  expect((await fetch(`http://127.0.0.1:${apiPort}/metrics`)).status).toBe(401);

  const rules = await runCommand(["error-budget", "rules"], { cwd: dir });
  expect(rules.exitCode).toBe(0);
  await writeFile(join(dir, "rules.yaml"), rules.stdout);
  await writeFile(
    join(dir, "prometheus.yml"),
    [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      "rule_files: [rules.yaml]",
      "scrape_configs:",
      "  - job_name: crm-api",
      `    authorization: { credentials_file: ${join(dir, "metrics-token")} }`,
      `    static_configs: [{ targets: ["127.0.0.1:${apiPort}"] }]`,
      "",
    ].join("\n"),
  );
  execFileSync("promtool", ["check", "config", join(dir, "prometheus.yml")], { stdio: "pipe" });
  const prometheus = spawn(
    "prometheus",
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "tsdb")}`, `--web.listen-address=127.0.0.1:${promPort}`, "--log.level=warn"],
    { cwd: dir, stdio: ["ignore", "ignore", "pipe"] },
  );
  children.push(prometheus);
  prometheus.stderr!.pipe(createWriteStream(join(dir, "prometheus.log")));
  await waitFor("prometheus", async () => (await fetch(`http://127.0.0.1:${promPort}/-/ready`)).ok, 60_000);
  await waitFor("the first scrape", async () => (await promQuery('up{job="crm-api"} == 1')).length === 1, 30_000);

  const login = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: env.SEED_USER_EMAIL, password }),
  });
  expect(login.status).toBe(200);
  token = ((await login.json()) as { access_token: string }).access_token;

  const mix = [
    { path: "/api/clients", auth: true },
    { path: "/api/auth/me", auth: true },
    { path: "/api/clients/999999", auth: true },
    { path: "/api/clients", auth: false },
    { path: "/no-such-page", auth: false },
    { path: "/api/properties", auth: true },
    { path: "/health", auth: false },
  ];
  // Prime every label set once and let a scrape see it, so increase() starts from it.
  await traffic(1, 1, (i) => mix[i % mix.length]!);
  await scrapedAfterNow("priming every label set");
  await traffic(20_000, 4, (i) => mix[i % mix.length]!);
  // The clients table disappears: /api/clients* now answer 500 (one request primes the 5xx series).
  dropTable("clients");
  await traffic(1, 1, () => ({ path: "/api/clients", auth: true }));
  await scrapedAfterNow("priming the 5xx series");
  await traffic(66_000, 4, (i) => (i % 5 === 4 ? mix[1]! : { path: "/api/clients", auth: true }));
  await scrapedAfterNow("the last request", { evaluated: true });
  untilIso = new Date().toISOString();
}, 400_000);

afterAll(async () => {
  for (const child of children) child.kill("SIGTERM");
  await sleep(500);
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  if (dir && !process.env.KEEP_E2E_DIR) await rm(dir, { recursive: true, force: true });
});

type Report = { skipped: Record<string, number>; slos: { name: string; status: string; measured: Record<string, number>; errorRatePercent: number; sliPercent: number; p95Ms: number | null }[]; skippedLines: number };

describe("error-budget --prometheus agrees with --logs on the same traffic", () => {
  let logs: Report;
  let prom: Report;

  beforeAll(async () => {
    const common = ["--window", "1h", "--until", untilIso, "--format", "json"];
    const fromLogs = await runCommand(["error-budget", "--logs", "api.jsonl", ...common], { cwd: dir });
    const fromProm = await runCommand(["error-budget", "--prometheus", `http://127.0.0.1:${promPort}`, ...common], { cwd: dir });
    expect(fromLogs.exitCode, fromLogs.stderr).toBe(0);
    expect(fromProm.exitCode, fromProm.stderr).toBe(0);
    logs = JSON.parse(fromLogs.stdout);
    prom = JSON.parse(fromProm.stdout);
    console.log(JSON.stringify({ logs: logs.slos.map((s) => [s.name, s.status, s.measured, s.errorRatePercent]), prometheus: prom.slos.map((s) => [s.name, s.status, s.measured, s.errorRatePercent]) }, null, 1));
  });

  const slo = (report: Report, name: string) => report.slos.find((s) => s.name === name)!;

  test("the logs are the API's own: every line read, requests counted", () => {
    // Only lines after --until (Prometheus keeps scraping /metrics) are skipped.
    expect(logs.skipped).toMatchObject({ notJson: 0, missingField: 0, wrongType: 0 });
    expect(slo(logs, "error-rate").measured.requests).toBeGreaterThan(1000);
    expect(slo(logs, "error-rate").measured.errors).toBeGreaterThan(300);
  });

  test("request and 5xx counts within 4%", () => {
    const [l, p] = [slo(logs, "error-rate").measured, slo(prom, "error-rate").measured];
    expect(Math.abs(p.requests! - l.requests!) / l.requests!).toBeLessThanOrEqual(TOLERANCE.requestsRelative);
    expect(Math.abs(p.errors! - l.errors!) / l.errors!).toBeLessThanOrEqual(TOLERANCE.requestsRelative);
  });

  test("error rate within the count tolerance (at least 0.75 points), same status", () => {
    const [l, p] = [slo(logs, "error-rate"), slo(prom, "error-rate")];
    // Prometheus loses requests at the window edge, and the loss need not fall evenly on good and bad
    // requests (one run lost 236 good and 1 bad), so the rate may move by the counts' relative tolerance.
    const allowed = Math.max(TOLERANCE.errorRatePoints, l.errorRatePercent * TOLERANCE.requestsRelative);
    expect(Math.abs(p.errorRatePercent - l.errorRatePercent)).toBeLessThanOrEqual(allowed);
    expect(p.status).toBe(l.status);
  });

  test("latency: share within 500 ms within 1 point, same status", () => {
    const [l, p] = [slo(logs, "latency"), slo(prom, "latency")];
    expect(Math.abs(p.sliPercent - l.sliPercent)).toBeLessThanOrEqual(TOLERANCE.withinPoints);
    expect(p.status).toBe(l.status);
  });

  test("availability: known and down minutes within one, at least one minute down", () => {
    const [l, p] = [slo(logs, "availability").measured, slo(prom, "availability").measured];
    expect(l.downMinutes).toBeGreaterThanOrEqual(1);
    expect(p.downMinutes).toBeGreaterThanOrEqual(1);
    expect(Math.abs(p.knownMinutes! - l.knownMinutes!)).toBeLessThanOrEqual(TOLERANCE.minutes + 1);
    expect(Math.abs(p.downMinutes! - l.downMinutes!)).toBeLessThanOrEqual(TOLERANCE.minutes);
  });

  test("the generated rules load, evaluate without errors, and the error-rate page fires", async () => {
    const response = await fetch(`http://127.0.0.1:${promPort}/api/v1/rules`);
    const body = (await response.json()) as { data: { groups: { name: string; rules: { name: string; health: string; lastError?: string }[] }[] } };
    const rules = body.data.groups.flatMap((g) => g.rules);
    expect(rules.length).toBe(46);
    expect(rules.filter((r) => r.health !== "ok").map((r) => `${r.name}: ${r.lastError}`)).toEqual([]);
    // The recorded 5-minute error ratio matches the logs' over the same 5 minutes.
    const recorded = Number((await promQuery('slo:sli_error:ratio_rate5m{slo="error-rate"}'))[0]!.value[1]);
    const lastFive = await runCommand(["error-budget", "--logs", "api.jsonl", "--window", "5m", "--until", new Date().toISOString(), "--format", "json"], { cwd: dir });
    const fromLogs = (JSON.parse(lastFive.stdout) as Report).slos.find((s) => s.name === "error-rate")!.errorRatePercent;
    expect(Math.abs(recorded * 100 - fromLogs)).toBeLessThanOrEqual(2 * TOLERANCE.errorRatePoints);
    const alerts = await promQuery('ALERTS{alertname="SLOErrorRateErrorBudgetBurnPage"}');
    expect(alerts.map((a) => a.metric.alertstate)).toContain("firing");
  });
});
