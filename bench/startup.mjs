// Start-up cost of the CLI: `crm-devex --version` against a bare `node -e 0`,
// interleaved so both see the same machine load. Prints medians and the ratio
// (the goal in issue 2 is at most 3x bare node).
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const runs = Number(process.env.BENCH_RUNS ?? 30);
const bin = fileURLToPath(new URL("../packages/cli/dist/bin.js", import.meta.url));
const subjects = {
  "node -e 0": [process.execPath, ["-e", "0"]],
  "crm-devex --version": [process.execPath, [bin, "--version"]],
  "crm-devex --help": [process.execPath, [bin, "--help"]],
};
const samples = Object.fromEntries(Object.keys(subjects).map((name) => [name, []]));

for (let i = 0; i < runs; i++) {
  for (const [name, [command, args]] of Object.entries(subjects)) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, { stdio: "ignore" });
    if (result.status !== 0) throw new Error(`${name} exited ${result.status}`);
    samples[name].push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const baseline = median(samples["node -e 0"]);
console.log(`start-up, median of ${runs} runs each (interleaved)`);
for (const [name, values] of Object.entries(samples)) {
  const ms = median(values);
  console.log(`  ${name.padEnd(22)} ${ms.toFixed(1).padStart(7)} ms   ${(ms / baseline).toFixed(2)}x bare node`);
}
