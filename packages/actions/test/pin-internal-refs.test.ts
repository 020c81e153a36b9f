// Release pinning: the release commit's reusable workflows and actions reference this repository by SHA only.
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
// @ts-expect-error -- a plain .mjs script without types
import { pinInternalRefs } from "../scripts/pin-internal-refs.mjs";

const actionsDir = dirname(dirname(fileURLToPath(import.meta.url)));
const root = dirname(dirname(actionsDir));
const SHA = "0123456789abcdef0123456789abcdef01234567";
const pin = pinInternalRefs as (text: string, sha: string) => { text: string; pinned: number };

describe("pinInternalRefs", () => {
  test.each([
    ["        uses: crm-devex/crm-devex/packages/actions/preview@v1", `        uses: crm-devex/crm-devex/packages/actions/preview@${SHA} # v1`, 1],
    ["      - uses: crm-devex/crm-devex@v1", `      - uses: crm-devex/crm-devex@${SHA} # v1`, 1],
    ['    uses: "crm-devex/crm-devex/.github/workflows/reusable-ci.yml@v1.2.3"', `    uses: "crm-devex/crm-devex/.github/workflows/reusable-ci.yml@${SHA}" # v1.2.3`, 1],
    ["        uses: crm-devex/crm-devex/packages/actions/preview@main # tracking", `        uses: crm-devex/crm-devex/packages/actions/preview@${SHA} # main`, 1],
    // Already pinned, someone else's action, and a comment that shows how to call us: left alone.
    [`        uses: crm-devex/crm-devex/packages/actions/preview@${SHA} # v1`, `        uses: crm-devex/crm-devex/packages/actions/preview@${SHA} # v1`, 0],
    ["      - uses: actions/checkout@v4", "      - uses: actions/checkout@v4", 0],
    ["#       uses: crm-devex/crm-devex/.github/workflows/reusable-ci.yml@v1", "#       uses: crm-devex/crm-devex/.github/workflows/reusable-ci.yml@v1", 0],
  ])("%s", (line, expected, count) => {
    expect(pin(line, SHA)).toEqual({ text: expected, pinned: count });
  });

  test("a short or missing SHA is refused", () => {
    expect(() => pin("uses: crm-devex/crm-devex@v1", "0123456")).toThrow("expected a full 40-character commit SHA");
  });
});

test("on a copy of this checkout, the release step pins every internal reference and --check then passes", () => {
  const dir = mkdtempSync(join(tmpdir(), "crm-devex-pin-"));
  try {
    for (const path of [".github/workflows", "packages/actions/scripts", "action.yml"]) cpSync(join(root, path), join(dir, path), { recursive: true });
    for (const name of ["contract-diff", "coverage-gate", "env-validate", "error-budget", "preview", "secret-scan"]) {
      mkdirSync(join(dir, "packages/actions", name), { recursive: true });
      cpSync(join(actionsDir, name, "action.yml"), join(dir, "packages/actions", name, "action.yml"));
    }
    const script = join(dir, "packages/actions/scripts/pin-internal-refs.mjs");
    // Today's tree has moving references: --check names them with file:line.
    const before = spawnSync("node", [script, "--check"], { encoding: "utf8" });
    expect(before.status).toBe(1);
    expect(before.stderr).toMatch(/\.github\/workflows\/reusable-preview\.yml:\d+: uses: crm-devex\/crm-devex\/packages\/actions\/preview@v1 {2}\(not pinned\)/);

    const out = execFileSync("node", [script, SHA], { encoding: "utf8" });
    expect(out).toMatch(/reusable-preview\.yml: 1 reference\(s\) pinned/);
    expect(spawnSync("node", [script, "--check"]).status).toBe(0);
    const preview = readFileSync(join(dir, ".github/workflows/reusable-preview.yml"), "utf8");
    expect(preview).toContain(`uses: crm-devex/crm-devex/packages/actions/preview@${SHA} # v1`);
    const ci = readFileSync(join(dir, ".github/workflows/reusable-ci.yml"), "utf8");
    expect(ci.match(/uses: crm-devex\/crm-devex\/packages\/actions\/[\w-]+@[0-9a-f]{40} # v1/g)?.length).toBe(ci.match(/^\s+uses: crm-devex\//gm)?.length);
    // Workflows that are not reusable (the release itself, the toolkit's CI) are not touched.
    expect(readFileSync(join(dir, ".github/workflows/release.yml"), "utf8")).toBe(readFileSync(join(root, ".github/workflows/release.yml"), "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("release.yml runs the pinning on the tagged commit and tags the pinned commit", () => {
  const release = readFileSync(join(root, ".github/workflows/release.yml"), "utf8");
  expect(release).toContain('node packages/actions/scripts/pin-internal-refs.mjs "$GITHUB_SHA"');
  expect(release).toContain("node packages/actions/scripts/pin-internal-refs.mjs --check");
  expect(release).toContain('git tag -f "$TAG" "$RELEASE_SHA"');
  expect(release).toContain('git tag -f "$major" "$RELEASE_SHA"');
});
