// contract-diff beside oasdiff on real spec histories published to the npm registry: consecutive
// versions of each package are `npm pack`ed into .cache/bench/contract-diff/histories (once), both
// tools run on every consecutive pair, and we print per history: verdict agreement, operation
// agreement (an operation flagged breaking by both / by either; "the other at warning level" when
// one tool says breaking and the other only warns), wall time, CPU time and peak RSS, then the
// disagreements by rule (which rule fired on operations the other tool left alone).
// Usage: node histories.mjs OASDIFF_BIN CLI_BIN [history-name…]
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import jsYaml from "js-yaml";

const [oasdiff, cli, ...only] = process.argv.slice(2);
const wantedName = (name) => !only.length || only.includes(name);
const cache = join(process.env.CRM_DEVEX_ROOT ?? process.cwd(), ".cache", "bench", "contract-diff", "histories");
mkdirSync(cache, { recursive: true });

/** Each history: a package, the spec file inside it, how many latest versions to take. */
const HISTORIES = [
  { name: "figma", pkg: "@figma/rest-api-spec", file: "openapi/openapi.yaml", versions: 8, note: "OpenAPI 3.1 YAML, 0.4 MB" },
  { name: "blockfrost", pkg: "@blockfrost/openapi", file: "openapi.yaml", versions: 8, note: "OpenAPI 3.0 YAML, 0.5 MB" },
  { name: "ideal-postcodes", pkg: "@ideal-postcodes/openapi", file: "dist/openapi.yaml", versions: 4, note: "OpenAPI 3.0 YAML, 0.5 MB" },
  { name: "directus", pkg: "@directus/specs", file: "dist/openapi.json", versions: 6, note: "OpenAPI 3.0 JSON, 0.3 MB" },
  { name: "github", pkg: "@octokit/openapi", file: "generated/api.github.com.json", versions: 4, note: "OpenAPI 3.0 JSON, 13 MB" },
  // GitHub's webhooks as OpenAPI 3.1 `webhooks` (no paths): payloads and the headers GitHub sends with each delivery.
  { name: "github-webhooks", pkg: "@octokit/openapi-webhooks", file: "generated/api.github.com.json", versions: 6, note: "OpenAPI 3.1 JSON webhooks, 5 MB" },
  // The same GitHub history written as YAML (js-yaml dump of the published JSON): YAML at 10+ MB.
  { name: "github-yaml", pkg: "@octokit/openapi", file: "generated/api.github.com.json", versions: 2, asYaml: true, note: "the GitHub JSON dumped to YAML, 11 MB" },
];

function npmJson(args) {
  return JSON.parse(execFileSync("npm", [...args, "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
}

/** The spec file of `pkg@version`, packed and extracted once into the cache. */
function specFile(history, version) {
  const dir = join(cache, `${history.pkg.replace(/[@/]/g, "_")}-${version}`);
  const extracted = join(dir, "package", history.file);
  if (!existsSync(extracted)) {
    mkdirSync(dir, { recursive: true });
    const [{ filename }] = npmJson(["pack", `${history.pkg}@${version}`, "--pack-destination", dir]);
    execFileSync("tar", ["xzf", join(dir, filename), "-C", dir, `package/${history.file}`]);
  }
  if (!history.asYaml) return extracted;
  const yamlPath = extracted.replace(/\.json$/, ".yaml");
  if (!existsSync(yamlPath)) writeFileSync(yamlPath, jsYaml.dump(JSON.parse(readFileSync(extracted, "utf8")), { lineWidth: -1, noRefs: true }));
  return yamlPath;
}

/** Run a command under /usr/bin/time; returns stdout, exit status, wall seconds, peak RSS in MB. */
function timed(command, args) {
  const timeFile = join(cache, "time.txt");
  const run = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", "-o", timeFile, command, ...args], { encoding: "utf8", maxBuffer: 512 * 1024 * 1024 });
  const [wall, rss, user, system] = readFileSync(timeFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
  return { stdout: run.stdout, stderr: run.stderr, status: run.status, wall, cpu: user + system, rssMb: rss / 1024 };
}

const shape = (path) => path.replace(/\{[^}]*\}/g, "{}").replace(/(.)\/$/, "$1");

function ours(base, head) {
  const run = timed("node", [cli, "contract-diff", base, head, "--format", "json"]);
  if (run.status !== 0 && run.status !== 1) return { ...run, error: run.stderr.trim().split("\n")[0] };
  const report = JSON.parse(run.stdout);
  const breaking = new Map();
  const warning = new Map();
  for (const change of report.changes) {
    if (change.level === "info") continue;
    const space = change.operation.indexOf(" ");
    // oasdiff names a webhook operation `POST webhook:name`; ours is `POST (webhook name)`.
    const webhook = /^([A-Z]+) \(webhook (.+)\)$/.exec(change.operation);
    const key = webhook && change.id === "webhook-removed" ? `webhook:${webhook[2]}` : webhook ? `${webhook[1]} webhook:${webhook[2]}` : /^[A-Z]+ \//.test(change.operation) ? `${change.operation.slice(0, space)} ${shape(change.operation.slice(space + 1))}` : change.operation;
    const map = change.level === "breaking" ? breaking : warning;
    map.set(key, [...(map.get(key) ?? []), change.id]);
  }
  return { ...run, breaking, warning };
}

function theirs(base, head) {
  const run = timed(oasdiff, ["breaking", base, head, "--format", "json"]);
  if (run.status !== 0) return { ...run, error: `exit ${run.status}: ${run.stderr.trim().split("\n")[0] ?? ""}` };
  const changes = JSON.parse(run.stdout || "[]") ?? [];
  const breaking = new Map();
  const warning = new Map();
  for (const change of changes) {
    if (change.level < 2) continue;
    // A removed webhook has no operation in oasdiff's report, only its name in the text.
    const removedWebhook = change.id === "webhook-removed" && /webhook `([^`]+)`/.exec(change.text ?? "");
    const key = change.operation && change.path ? `${change.operation} ${shape(change.path)}` : removedWebhook ? `webhook:${removedWebhook[1]}` : change.id;
    const map = change.level === 3 ? breaking : warning;
    map.set(key, [...(map.get(key) ?? []), change.id]);
  }
  return { ...run, breaking, warning };
}

// CONTRACT_DIFF_LOCAL_HISTORIES="name=DIR,…": also compare the spec files in DIR (sorted by name:
// 01-….yaml, 02-….yaml …), e.g. versions taken from a repository's git history.
for (const entry of (process.env.CONTRACT_DIFF_LOCAL_HISTORIES ?? "").split(",").filter(Boolean)) {
  const [name, dir] = entry.split("=");
  const files = readdirSync(dir).filter((file) => /\.(ya?ml|json)$/.test(file)).sort();
  HISTORIES.push({ name, local: files.map((file) => join(dir, file)), versions: files.length, pkg: dir, note: `local, ${files.length} files` });
}

const count = (map, key, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
const top = (map, n = 8) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([id, k]) => `${id} ×${k}`).join(", ") || "none";
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? 0;

const totals = { pairs: 0, verdicts: 0, both: 0, either: 0, levelOnly: 0, onlyOurs: 0, onlyTheirs: 0, ourErrors: 0, theirErrors: 0 };
const rows = [];
for (const history of HISTORIES) {
  if (!wantedName(history.name) && !history.local) continue;
  let versions;
  let files;
  if (history.local) {
    files = history.local;
    versions = files.map((file) => file.split("/").pop().replace(/\.(ya?ml|json)$/, ""));
  } else {
    try {
      versions = npmJson(["view", history.pkg, "versions"]).filter((v) => !v.includes("-")).slice(-history.versions);
    } catch (error) {
      console.log(`${history.name}: cannot list versions of ${history.pkg} (${error.message.split("\n")[0]}); skipped`);
      continue;
    }
    files = versions.map((version) => specFile(history, version));
  }
  const stats = { pairs: 0, verdicts: 0, both: 0, either: 0, ourWall: [], theirWall: [], ourCpu: [], theirCpu: [], ourRss: [], theirRss: [], levelOnly: 0, onlyOurs: new Map(), onlyTheirs: new Map(), examples: [], errors: [] };
  for (let i = 1; i < files.length; i++) {
    const pair = `${versions[i - 1]} → ${versions[i]}`;
    const a = ours(files[i - 1], files[i]);
    const b = theirs(files[i - 1], files[i]);
    stats.pairs++;
    if (a.error) stats.errors.push(`crm-devex ${pair}: ${a.error}`);
    if (b.error) stats.errors.push(`oasdiff ${pair}: ${b.error}`);
    stats.ourWall.push(a.wall);
    stats.ourCpu.push(a.cpu);
    stats.theirCpu.push(b.cpu);
    stats.theirWall.push(b.wall);
    stats.ourRss.push(a.rssMb);
    stats.theirRss.push(b.rssMb);
    if (a.error || b.error) continue;
    if ((a.breaking.size > 0) === (b.breaking.size > 0)) stats.verdicts++;
    const operations = new Set([...a.breaking.keys(), ...b.breaking.keys()]);
    for (const operation of operations) {
      stats.either++;
      const ourIds = a.breaking.get(operation);
      const theirIds = b.breaking.get(operation);
      const ids = (list) => [...new Set(list)].join(", ");
      if (ourIds && theirIds) stats.both++;
      else if (ourIds && b.warning.has(operation)) {
        stats.levelOnly++;
        stats.examples.push(`  ${pair} ${operation}: crm-devex breaking (${ids(ourIds)}), oasdiff warning (${ids(b.warning.get(operation))})`);
      } else if (theirIds && a.warning.has(operation)) {
        stats.levelOnly++;
        stats.examples.push(`  ${pair} ${operation}: oasdiff error (${ids(theirIds)}), crm-devex warning (${ids(a.warning.get(operation))})`);
      } else if (ourIds) {
        for (const id of new Set(ourIds)) count(stats.onlyOurs, id);
        stats.examples.push(`  ${pair} ${operation}: only crm-devex (${ids(ourIds)})`);
      } else {
        for (const id of new Set(theirIds)) count(stats.onlyTheirs, id);
        stats.examples.push(`  ${pair} ${operation}: only oasdiff (${ids(theirIds)})`);
      }
    }
  }
  rows.push({ history, versions, stats });
  totals.pairs += stats.pairs;
  totals.verdicts += stats.verdicts;
  totals.both += stats.both;
  totals.either += stats.either;
  totals.levelOnly += stats.levelOnly;
  totals.onlyOurs += stats.examples.filter((e) => e.includes("only crm-devex")).length;
  totals.onlyTheirs += stats.examples.filter((e) => e.includes("only oasdiff")).length;
  totals.ourErrors += stats.errors.filter((e) => e.startsWith("crm-devex")).length;
  totals.theirErrors += stats.errors.filter((e) => e.startsWith("oasdiff")).length;
}

const oasdiffVersion = (() => {
  try {
    return execFileSync(oasdiff, ["--version"], { encoding: "utf8" }).trim().split(/\s+/).pop();
  } catch {
    return "?";
  }
})();
console.log(`\ncontract-diff vs oasdiff ${oasdiffVersion} on real spec histories from the npm registry (consecutive versions)`);
console.log(`${"history".padEnd(16)} ${"pairs".padStart(5)} ${"verdict".padStart(8)} ${"ops both/either".padStart(16)} ${"wall s ours/oasdiff".padStart(20)} ${"CPU s ours/oasdiff".padStart(19)} ${"peak MB ours/oasdiff".padStart(21)}`);
for (const { history, versions, stats } of rows) {
  const wall = `${median(stats.ourWall).toFixed(2)}/${median(stats.theirWall).toFixed(2)}`;
  const cpu = `${median(stats.ourCpu).toFixed(2)}/${median(stats.theirCpu).toFixed(2)}`;
  const rss = `${Math.round(median(stats.ourRss))}/${Math.round(median(stats.theirRss))}`;
  console.log(`${history.name.padEnd(16)} ${String(stats.pairs).padStart(5)} ${`${stats.verdicts}/${stats.pairs}`.padStart(8)} ${`${stats.both}/${stats.either}`.padStart(16)} ${wall.padStart(20)} ${cpu.padStart(19)} ${rss.padStart(21)}   ${history.pkg} ${versions[0]}…${versions.at(-1)} (${history.note})`);
}
console.log(
  `total: verdict agreement ${totals.verdicts}/${totals.pairs} pairs; of ${totals.either} operations flagged breaking by either tool: both ${totals.both}, ` +
    `the other at warning level ${totals.levelOnly}, only crm-devex ${totals.onlyOurs}, only oasdiff ${totals.onlyTheirs}; tool errors: crm-devex ${totals.ourErrors}, oasdiff ${totals.theirErrors}`,
);
console.log(`(wall, CPU and peak RSS are medians per pair; load average ${readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ")} on ${availableParallelism()} cores)`);
console.log("disagreements by rule:");
for (const { history, stats } of rows) {
  console.log(`${history.name}: only crm-devex: ${top(stats.onlyOurs)}; only oasdiff: ${top(stats.onlyTheirs)}`);
  for (const error of stats.errors) console.log(`  error: ${error}`);
}
if (process.env.CONTRACT_DIFF_BENCH_VERBOSE) for (const { stats } of rows) for (const line of stats.examples) console.log(line);
writeFileSync(join(cache, "disagreements.txt"), rows.flatMap(({ history, stats }) => [`# ${history.name}`, ...stats.examples, ...stats.errors.map((e) => `  error: ${e}`)]).join("\n") + "\n");
console.log(`(each disagreeing operation: ${join(cache, "disagreements.txt").replace(`${process.cwd()}/`, "")})`);
