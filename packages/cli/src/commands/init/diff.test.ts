import { describe, expect, it } from "vitest";
import { unifiedDiff } from "./diff.js";

describe("unifiedDiff", () => {
  it("is empty for equal texts", () => expect(unifiedDiff("a", "x\n", "x\n")).toBe(""));

  it("diffs a new file from /dev/null", () => {
    expect(unifiedDiff("c.yaml", undefined, "a: 1\nb: 2\n")).toBe("--- /dev/null\n+++ b/c.yaml\n@@ -0,0 +1,2 @@\n+a: 1\n+b: 2\n");
  });

  it("shows an append with its context, numbered like git diff", () => {
    const before = ["1", "2", "3", "4", "5", "6"].join("\n") + "\n";
    const after = before + "7\n";
    expect(unifiedDiff(".env.example", before, after)).toBe("--- a/.env.example\n+++ b/.env.example\n@@ -4,3 +4,4 @@\n 4\n 5\n 6\n+7\n");
  });

  it("splits distant changes into hunks and applies with patch", async () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join("\n") + "\n";
    const after = before.replace("line 2\n", "line two\n").replace("line 18\n", "");
    const diff = unifiedDiff("f.txt", before, after);
    expect(diff.match(/^@@/gm)).toHaveLength(2);
    expect(diff).toContain("@@ -1,5 +1,5 @@\n line 1\n-line 2\n+line two\n");
    expect(diff).toContain("@@ -15,6 +15,5 @@\n line 15\n line 16\n line 17\n-line 18\n");
    // The real tool agrees: patch(1) applies it to the old text and yields the new one.
    const { mkdtemp, writeFile, readFile, rm } = await import("node:fs/promises");
    const { execFileSync } = await import("node:child_process");
    const { join } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const dir = await mkdtemp(join(tmpdir(), "crm-devex-diff-"));
    await writeFile(join(dir, "f.txt"), before);
    execFileSync("patch", ["-p1", "-s"], { cwd: dir, input: diff });
    expect(await readFile(join(dir, "f.txt"), "utf8")).toBe(after);
    await rm(dir, { recursive: true, force: true });
  });
});
