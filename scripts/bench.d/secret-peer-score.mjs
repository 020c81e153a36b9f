#!/usr/bin/env node
// Scores the peer-fixture corpus (secret-peer-fixtures.mjs): a sample counts as found when a tool reports anything
// in its file; per source and overall, recall on positives and the share of negatives flagged, both tools.
// Usage: node secret-peer-score.mjs CORPUS CRM_DEVEX_JSON GITLEAKS_JSON SUMMARY_JSON TIMES_JSON [MISSES_TXT]
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";

const [corpus, ours, theirs, summaryFile, timesFile, missesFile] = process.argv.slice(2);
const sampleOf = (file) => file.replace(/^\.\//, "").split("/").slice(0, 3).join("/");
const flagged = {
  "crm-devex": new Set(JSON.parse(readFileSync(ours, "utf8")).findings.map((f) => sampleOf(f.file))),
  gitleaks: new Set(JSON.parse(readFileSync(theirs, "utf8")).map((f) => sampleOf(f.File))),
};
const tools = Object.keys(flagged);
const list = (source, kind) => (existsSync(`${corpus}/${source}/${kind}`) ? readdirSync(`${corpus}/${source}/${kind}`).map((n) => `${source}/${kind}/${n}`) : []);
const sources = readdirSync(corpus).sort();
const pct = (a, b) => `${a}/${b} (${((100 * a) / Math.max(b, 1)).toFixed(1)}%)`;
const rows = [];
const total = (names) => {
  const row = { source: names.length === sources.length ? "all four" : "all but gitleaks'", pos: 0, neg: 0 };
  for (const r of rows.filter((x) => names.includes(x.source))) {
    row.pos += r.pos;
    row.neg += r.neg;
    for (const tool of tools) {
      row[`${tool} found`] = (row[`${tool} found`] ?? 0) + r[`${tool} found`];
      row[`${tool} flagged`] = (row[`${tool} flagged`] ?? 0) + r[`${tool} flagged`];
    }
  }
  return row;
};
const misses = [];
for (const source of sources) {
  const pos = list(source, "pos");
  const neg = list(source, "neg");
  const row = { source, pos: pos.length, neg: neg.length };
  for (const tool of tools) {
    row[`${tool} found`] = pos.filter((s) => flagged[tool].has(s)).length;
    row[`${tool} flagged`] = neg.filter((s) => flagged[tool].has(s)).length;
  }
  rows.push(row);
  for (const s of pos) if (!flagged["crm-devex"].has(s)) misses.push(`missed  gitleaks:${flagged.gitleaks.has(s) ? "found  " : "missed "} ${s}`);
  for (const s of neg) if (flagged["crm-devex"].has(s)) misses.push(`flagged gitleaks:${flagged.gitleaks.has(s) ? "flagged" : "quiet  "} ${s}`);
}
rows.push(total(sources.filter((s) => s !== "gitleaks")), total(sources));
const summary = JSON.parse(readFileSync(summaryFile, "utf8"));
for (const [source, info] of Object.entries(summary)) if (info.note) console.log(`${source}: ${info.note}`);
console.log("source              secrets  crm-devex found        gitleaks found         negatives  crm-devex flagged   gitleaks flagged");
for (const r of rows) {
  console.log(
    `${r.source.padEnd(18)}  ${String(r.pos).padStart(7)}  ${pct(r["crm-devex found"], r.pos).padEnd(21)}  ${pct(r["gitleaks found"], r.pos).padEnd(21)}  ${String(r.neg).padStart(9)}  ${pct(r["crm-devex flagged"], r.neg).padEnd(18)}  ${pct(r["gitleaks flagged"], r.neg)}`,
  );
}
if (timesFile && existsSync(timesFile)) {
  for (const t of JSON.parse(readFileSync(timesFile, "utf8")).results) console.log(`${t.command}: ${t.mean.toFixed(2)} s wall, ${(t.user + t.system).toFixed(2)} CPU s`);
}
if (missesFile) {
  writeFileSync(missesFile, misses.join("\n") + "\n");
  console.log(`samples crm-devex missed or flagged: ${missesFile}`);
}
