import { afterEach, describe, expect, it } from "vitest";
import { runCommand } from "../helpers.js";
import { buildCorpus, type Planted } from "./corpus.js";
import { git, makeRepo, writeTree } from "./git-fixture.js";

const corpus = buildCorpus();
const cleanups: (() => Promise<void>)[] = [];

interface JsonFinding {
  rule: string;
  file: string;
  line: number;
  column: number;
  fingerprint: string;
  masked: string;
  commit?: string;
}

const key = (finding: Planted): string => `${finding.file}:${finding.line} ${finding.rule}`;

/** A repository of its own per test, the corpus staged (not committed): no test sees what another did to it. */
async function stagedCorpus(): Promise<string> {
  const repo = await makeRepo(corpus.files);
  cleanups.push(repo.cleanup);
  git(repo.dir, "add", "-A", "-f");
  return repo.dir;
}

async function scan(dir: string, ...args: string[]): Promise<{ exitCode: number; findings: JsonFinding[]; stdout: string }> {
  const { exitCode, stdout, stderr } = await runCommand(["secret-scan", "--format", "json", ...args], { cwd: dir });
  expect(stderr).toBe("");
  return { exitCode, stdout, findings: (JSON.parse(stdout) as { findings: JsonFinding[] }).findings };
}

function expectExactlyPlanted(findings: JsonFinding[]): void {
  const expected = corpus.planted.map(key).sort();
  const found = findings.map((finding) => key(finding)).sort();
  const missed = expected.filter((item) => !found.includes(item));
  const extra = found.filter((item) => !expected.includes(item));
  expect({ missed, extra }).toEqual({ missed: [], extra: [] });
}

afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

describe("fake-repo corpus", () => {
  it("plants at least 40 secrets of at least 30 kinds", () => {
    expect(corpus.planted.length).toBeGreaterThanOrEqual(40);
    expect(new Set(corpus.planted.map((item) => item.rule)).size).toBeGreaterThanOrEqual(30);
  });

  it("--staged finds every planted secret in the staged blobs and nothing else", async () => {
    const { exitCode, findings, stdout } = await scan(await stagedCorpus(), "--staged");
    expect(exitCode).toBe(1);
    expectExactlyPlanted(findings);
    // Masked everywhere: no planted line's secret survives in the report.
    for (const finding of findings) expect(finding.masked.replace(/\*/g, "").length).toBeLessThanOrEqual(finding.rule === "dotenv-file" ? 200 : 4);
    expect(stdout).not.toMatch(/sk_live_[A-Za-z0-9]{10}/);
  });

  it("a tree scan of the committed repo finds the same, and history attributes each to its commit", async () => {
    const dir = await stagedCorpus();
    git(dir, "commit", "-q", "-m", "corpus");
    const sha = git(dir, "rev-parse", "HEAD").trim();
    const tree = await scan(dir);
    expect(tree.exitCode).toBe(1);
    expectExactlyPlanted(tree.findings);
    const history = await scan(dir, "--history");
    expect(history.exitCode).toBe(1);
    expectExactlyPlanted(history.findings);
    expect(new Set(history.findings.map((finding) => finding.commit))).toEqual(new Set([sha]));
  });

  it("finds the same through the worker-thread path as in one thread", async () => {
    // Pad the tree past the parallel threshold with clean files.
    const many = Object.fromEntries(Array.from({ length: 450 }, (_, index) => [`src/generated/module-${index}.ts`, `export const value${index} = ${index};\n`]));
    const dir = await stagedCorpus();
    await writeTree(dir, many);
    git(dir, "add", "-A");
    const { findings, stdout } = await scan(dir);
    expectExactlyPlanted(findings);
    expect((JSON.parse(stdout) as { scanned: { files: number } }).scanned.files).toBeGreaterThan(450);
  });
});
