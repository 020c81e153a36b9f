/** The workflow YAML in docs/preview.md is what users copy: it must pass actionlint as written. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { makeTree } from "../helpers.js";

const root = new URL("../../../../", import.meta.url).pathname;

function workflowsInDocs(): Map<string, string> {
  const markdown = readFileSync(join(root, "docs/preview.md"), "utf8");
  const workflows = new Map<string, string>();
  for (const match of markdown.matchAll(/```yaml\n(# \.github\/workflows\/([\w.-]+\.yml)\n[\s\S]*?)```/g)) workflows.set(match[2]!, match[1]!);
  return workflows;
}

test("docs/preview.md has both workflows and they pass actionlint", async () => {
  const workflows = workflowsInDocs();
  expect([...workflows.keys()]).toEqual(["preview-build.yml", "preview-deploy.yml"]);
  // Installed (and cached) by the project's script, never skipped.
  const bin = execFileSync("bash", [join(root, "scripts/install-go-tools.sh"), "actionlint"], { encoding: "utf8" }).trim().split("\n").at(-1)!;
  const { dir, cleanup } = await makeTree({});
  try {
    execFileSync("git", ["init", "-q"], { cwd: dir });
    mkdirSync(join(dir, ".github/workflows"), { recursive: true });
    for (const [name, yaml] of workflows) writeFileSync(join(dir, ".github/workflows", name), yaml);
    const files = [...workflows.keys()].map((name) => `.github/workflows/${name}`);
    const run = spawnSync(join(bin, "actionlint"), ["-no-color", "-verbose", ...files], { cwd: dir, encoding: "utf8" });
    expect(run.stdout).toBe("");
    expect(run.status).toBe(0);
    // -verbose proves each file was really linted.
    for (const file of files) expect(run.stderr).toContain(`Linting ${file}`);
    expect(run.stderr.match(/Found total 0 errors in/g)).toHaveLength(files.length);
  } finally {
    await cleanup();
  }
});

test("the deploy workflow passes the commit from the event, not the artifact, and verifies the PR", () => {
  const deploy = workflowsInDocs().get("preview-deploy.yml")!;
  expect(deploy).toContain("HEAD_SHA: ${{ github.event.workflow_run.head_sha }}");
  expect(deploy).toContain("--verify-pr");
  expect(deploy).toContain("group: preview-${{ needs.read.outputs.number }}");
  expect(workflowsInDocs().get("preview-build.yml")).not.toContain("${{ secrets.");
});
