#!/usr/bin/env node
// Static checks actionlint does not do for action.yml files (it lints workflows only):
// every composite step script passes shellcheck, no `${{ … }}` expression appears inside a
// `run:` script (inputs must come through env: — template injection), and each crm-devex action
// documents every input and output and has branding.
// Usage: lint-actions.mjs ACTION.yml…   (exit 1 on any problem)
import console from "node:console";
import process from "node:process";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";

const problems = [];
const scratch = mkdtempSync(join(tmpdir(), "lint-actions-"));
for (const file of process.argv.slice(2)) {
  let action;
  try {
    action = parse(readFileSync(file, "utf8"));
  } catch (error) {
    problems.push(`${file}: not valid YAML: ${error.message.split("\n")[0]}`);
    continue;
  }
  const ours = !file.includes("stand-ins");
  if (!action.description) problems.push(`${file}: no description`);
  if (ours && !action.branding) problems.push(`${file}: no branding`);
  for (const [kind, entries] of [["input", action.inputs], ["output", action.outputs]]) {
    for (const [name, spec] of Object.entries(entries ?? {})) if (!spec?.description) problems.push(`${file}: ${kind} ${name} has no description`);
  }
  if (action.runs?.using !== "composite") problems.push(`${file}: not a composite action`);
  (action.runs?.steps ?? []).forEach((step, index) => {
    if (typeof step.run !== "string") return;
    const where = `${file}: step ${step.id ?? step.name ?? index + 1}`;
    if (step.run.includes("${{")) problems.push(`${where}: \${{ }} inside run: (pass it through env:)`);
    if (step.shell !== "bash") problems.push(`${where}: shell must be bash`);
    const script = join(scratch, `step-${index}.sh`);
    writeFileSync(script, `#!/usr/bin/env bash\n${step.run}\n`);
    try {
      execFileSync("shellcheck", ["--shell=bash", script], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      problems.push(`${where}: shellcheck\n${String(error.stdout).replaceAll(script, "run")}`);
    }
  });
}
rmSync(scratch, { recursive: true, force: true });
for (const problem of problems) console.error(problem);
console.log(`lint-actions: ${process.argv.length - 2} action.yml files, ${problems.length} problems`);
process.exit(problems.length ? 1 : 0);
