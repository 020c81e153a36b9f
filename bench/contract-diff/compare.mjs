// Compares crm-devex's JSON report with oasdiff's text output on the same pair, by operation:
// where does one tool see a breaking change and the other nothing at all? Printed by the bench so
// that differences are visible, not just counts. Usage: node compare.mjs OURS.json OASDIFF.txt
import { readFileSync } from "node:fs";

const [oursPath, theirsPath] = process.argv.slice(2);
const ours = JSON.parse(readFileSync(oursPath, "utf8"));
const lines = readFileSync(theirsPath, "utf8").split("\n");
const theirs = [];
for (let i = 0; i < lines.length; i++) {
  const head = /^(error|warning)\t\[([^\]]+)\]/.exec(lines[i]);
  const operation = head && /in API (\S+) (\S+)/.exec(lines[i + 1] ?? "");
  if (head && operation) theirs.push({ level: head[1], id: head[2], operation: `${operation[1]} ${operation[2]}`, message: (lines[i + 2] ?? "").trim() });
}

const group = (items, key) => {
  const out = new Map();
  for (const item of items) out.set(item[key], [...(out.get(item[key]) ?? []), item]);
  return out;
};
const oursByOperation = group(ours.changes, "operation");
const theirsByOperation = group(theirs, "operation");

const theirErrorsWeDoNotFlag = [...group(theirs.filter((t) => t.level === "error"), "operation")].filter(
  ([operation]) => !(oursByOperation.get(operation) ?? []).some((change) => change.level !== "info"),
);
const ourBreaksTheyDoNotFlag = [...group(ours.changes.filter((c) => c.level === "breaking"), "operation")].filter(([operation]) => !theirsByOperation.has(operation));

const describe = (entries, pick) => {
  for (const [operation, items] of entries) {
    const ids = [...new Set(items.map((item) => item.id))].join(", ");
    console.log(`  ${operation}: ${items.length} × ${ids}`);
    console.log(`    e.g. ${pick(items[0])}`);
  }
};
console.log(`\noperations where oasdiff reports an error and crm-devex no breaking or warning change: ${theirErrorsWeDoNotFlag.length}`);
describe(theirErrorsWeDoNotFlag, (item) => item.message.slice(0, 160));
console.log(`operations where crm-devex reports a breaking change and oasdiff nothing: ${ourBreaksTheyDoNotFlag.length}`);
describe(ourBreaksTheyDoNotFlag, (item) => `${item.message.slice(0, 160)} (${item.location})`);
