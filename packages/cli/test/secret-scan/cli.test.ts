import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { fakeSecrets } from "../../src/commands/secret-scan/rules/fake.js";
import { makeTree, runCommand } from "../helpers.js";
import { git, makeRepo, writeTree } from "./git-fixture.js";

const f = fakeSecrets("cli");
const stripe = (): string => "sk_" + "live_" + f.alnum(32);
const github = (): string => f.crc32Token("ghp_");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function repo(files: Record<string, string | Buffer>, commit = true): Promise<string> {
  const { dir, cleanup } = await makeRepo(files);
  cleanups.push(cleanup);
  if (Object.keys(files).length) {
    git(dir, "add", "-A", "-f");
    if (commit) git(dir, "commit", "-q", "-m", "initial");
  }
  return dir;
}

const json = (stdout: string) => JSON.parse(stdout) as { findings: Record<string, unknown>[]; scanned: { files: number; skippedBinary: number; skippedLarge: number }; suppressed: { ignoreFile: number; baseline: number } };

describe("secret-scan CLI", () => {
  it("exits 0 on a clean tree and 1 with file, line, rule and a masked secret on a finding", async () => {
    const key = stripe();
    const dir = await repo({ "src/ok.ts": "export const x = 1;\n", "src/pay.ts": `// pay\nexport const key = "${key}";\n` });
    const clean = await runCommand(["secret-scan", "src/ok.ts"], { cwd: dir });
    expect(clean.exitCode).toBe(0);
    expect(clean.stdout).toContain("no secrets");
    const found = await runCommand(["secret-scan"], { cwd: dir });
    expect(found.exitCode).toBe(1);
    expect(found.stdout).toContain("src/pay.ts:2:21");
    expect(found.stdout).toContain("stripe-secret-key");
    expect(found.stdout).toContain("sk_l********");
    expect(found.stdout).not.toContain(key.slice(4));
  });

  it("JSON findings carry exactly rule, file (relative to cwd), line, column, fingerprint, masked (and verified for a checksum-valid token)", async () => {
    const dir = await repo({ "backend/app/keys.py": `TOKEN = "${github()}"\n` });
    const { exitCode, stdout } = await runCommand(["secret-scan", "--format", "json", "--cwd", "backend"], { cwd: dir });
    expect(exitCode).toBe(1);
    const report = json(stdout);
    expect(report).toMatchObject({ schemaVersion: 1, command: "secret-scan", verdict: "failed" });
    expect(report.findings).toEqual([
      { rule: "github-pat", file: "app/keys.py", line: 1, column: 10, fingerprint: expect.stringMatching(/^github-pat:[0-9a-f]{16}$/), masked: "ghp_********", verified: "format" },
    ]);
  });

  it("SARIF 2.1.0 and GitHub annotations name the rule and location without the secret", async () => {
    const key = github();
    const dir = await repo({ "ci.sh": `export GH_TOKEN=${key}\n` });
    const sarif = await runCommand(["secret-scan", "--format", "sarif"], { cwd: dir });
    expect(sarif.exitCode).toBe(1);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string }[] } }; results: Record<string, unknown>[] }[] };
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0]!.tool.driver.rules.map((rule) => rule.id)).toEqual(["github-pat"]);
    expect(log.runs[0]!.results[0]).toMatchObject({
      ruleId: "github-pat",
      level: "error",
      locations: [{ physicalLocation: { artifactLocation: { uri: "ci.sh" }, region: { startLine: 1, startColumn: 17 } } }],
      partialFingerprints: { "crmDevex/v1": expect.stringMatching(/^github-pat:/) },
    });
    expect(sarif.stdout).not.toContain(key);
    const summaryFile = join(dir, "summary.md");
    const annotations = await runCommand(["secret-scan", "--format", "github"], { cwd: dir, env: { PATH: process.env.PATH, GITHUB_STEP_SUMMARY: summaryFile } });
    expect(annotations.exitCode).toBe(1);
    expect(annotations.stdout).toMatch(/^::error file=ci\.sh,line=1,col=17,title=secret-scan%3A github-pat::/m);
    expect(annotations.stdout + (await readFile(summaryFile, "utf8"))).not.toContain(key);
  });

  it("--stdin scans standard input; --stdin-name decides .env handling", async () => {
    const { dir, cleanup } = await makeTree({});
    cleanups.push(cleanup);
    expect((await runCommand(["secret-scan", "--stdin"], { cwd: dir, stdin: "nothing to see\n" })).exitCode).toBe(0);
    const found = await runCommand(["secret-scan", "--stdin", "--format", "json"], { cwd: dir, stdin: `x = "${stripe()}"\n` });
    expect(found.exitCode).toBe(1);
    expect(json(found.stdout).findings[0]).toMatchObject({ rule: "stripe-secret-key", file: "<stdin>", line: 1 });
    const env = await runCommand(["secret-scan", "--stdin", "--stdin-name", ".env.local", "--format", "json"], { cwd: dir, stdin: "DEBUG=1\n" });
    expect(json(env.stdout).findings).toEqual([expect.objectContaining({ rule: "dotenv-file", file: ".env.local", line: 0 })]);
  });

  it("outside git, scans every file under the path (skipping node_modules); binary and oversized files are skipped", async () => {
    const { dir, cleanup } = await makeTree({ "a/config.ts": `k = "${stripe()}"\n`, "node_modules/x/index.js": `k = "${stripe()}"\n`, "big.txt": `${"x".repeat(2000)}\n` });
    cleanups.push(cleanup);
    await writeFile(join(dir, "logo.png"), Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.from(stripe())]));
    const { exitCode, stdout } = await runCommand(["secret-scan", "--format", "json", "--max-file-size", "1000"], { cwd: dir });
    expect(exitCode).toBe(1);
    const report = json(stdout);
    expect(report.findings.map((finding) => finding.file)).toEqual(["a/config.ts"]);
    expect(report.scanned).toMatchObject({ files: 1, skippedBinary: 1, skippedLarge: 1 });
  });

  it("--no-git scans untracked files too; a tracked-only scan does not", async () => {
    const dir = await repo({ "tracked.ts": "export {};\n" });
    await writeFile(join(dir, "untracked.ts"), `k = "${stripe()}"\n`);
    expect((await runCommand(["secret-scan"], { cwd: dir })).exitCode).toBe(0);
    expect((await runCommand(["secret-scan", "--no-git"], { cwd: dir })).exitCode).toBe(1);
  });

  it("ignore file: a fingerprint keeps a secret ignored when it moves, a different secret on that line still fails", async () => {
    const key = stripe();
    const dir = await repo({ "a.ts": `const k = "${key}";\n` });
    const first = json((await runCommand(["secret-scan", "--format", "json"], { cwd: dir })).stdout);
    await writeFile(join(dir, ".crm-devex-secret-ignore"), `# known test key\n${String(first.findings[0]!.fingerprint)}  # rotated 2026-11, kept for the demo\n`);
    await writeFile(join(dir, "a.ts"), `\n\n// moved\nconst k = "${key}";\n`);
    git(dir, "add", "-A");
    const moved = await runCommand(["secret-scan", "--format", "json"], { cwd: dir });
    expect(moved.exitCode).toBe(0);
    expect(json(moved.stdout).suppressed.ignoreFile).toBe(1);
    await writeFile(join(dir, "a.ts"), `\n\n// moved\nconst k = "${stripe()}";\n`);
    expect((await runCommand(["secret-scan"], { cwd: dir })).exitCode).toBe(1);
  });

  it("a malformed ignore file or a missing --ignore-file is an input error (exit 2) naming the file and line", async () => {
    const dir = await repo({ "a.ts": "export {};\n", ".crm-devex-secret-ignore": "# ok\nstripe-secret-key:1234\n" });
    const bad = await runCommand(["secret-scan"], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain(".crm-devex-secret-ignore:2: not a secret-scan fingerprint");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const missing = await runCommand(["secret-scan", "--ignore-file", "nope.txt"], { cwd: dir });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("nope.txt: file not found");
  });

  it("--baseline adopts an old repo: only findings not in the earlier JSON report fail", async () => {
    const dir = await repo({ "old.ts": `k = "${stripe()}"\n` });
    const before = await runCommand(["secret-scan", "--format", "json", "--output", "baseline.json"], { cwd: dir });
    expect(before.exitCode).toBe(1);
    expect((await runCommand(["secret-scan", "--baseline", "baseline.json"], { cwd: dir })).exitCode).toBe(0);
    await writeTree(dir, { "new.ts": `k = "${github()}"\n` });
    git(dir, "add", "new.ts");
    const after = await runCommand(["secret-scan", "--baseline", "baseline.json", "--format", "json"], { cwd: dir });
    expect(after.exitCode).toBe(1);
    expect(json(after.stdout).findings.map((finding) => finding.file)).toEqual(["new.ts"]);
    expect(json(after.stdout).suppressed.baseline).toBe(1);
    await writeFile(join(dir, "broken.json"), '{"findings": [\n  {"fingerprint": 3}\n]}');
    const broken = await runCommand(["secret-scan", "--baseline", "broken.json"], { cwd: dir });
    expect(broken.exitCode).toBe(2);
    expect(broken.stderr).toContain("broken.json: findings[0] has no valid fingerprint");
    await writeFile(join(dir, "notjson.json"), "{ nope");
    expect((await runCommand(["secret-scan", "--baseline", "notjson.json"], { cwd: dir })).stderr).toContain("notjson.json");
  });

  it("--staged scans the staged blob, not the working tree", async () => {
    const dir = await repo({ "keep.ts": "export {};\n" });
    await writeTree(dir, { "a.ts": `k = "${stripe()}"\n` });
    git(dir, "add", "a.ts");
    await writeFile(join(dir, "a.ts"), "k = process.env.KEY\n");
    const staged = await runCommand(["secret-scan", "--staged", "--format", "json"], { cwd: dir });
    expect(staged.exitCode).toBe(1);
    expect(json(staged.stdout).findings).toEqual([expect.objectContaining({ file: "a.ts", rule: "stripe-secret-key" })]);
    expect((await runCommand(["secret-scan"], { cwd: dir, env: { PATH: process.env.PATH } })).exitCode).toBe(0);
    // The opposite: clean in the index, secret only in the working tree.
    git(dir, "add", "a.ts");
    await writeFile(join(dir, "a.ts"), `k = "${stripe()}"\n`);
    expect((await runCommand(["secret-scan", "--staged"], { cwd: dir })).exitCode).toBe(0);
  });

  it("--history finds secrets removed since, attributes them to the commit, and --since limits the range", async () => {
    const dir = await repo({ "a.ts": `k = "${stripe()}"\n` });
    const leak = git(dir, "rev-parse", "HEAD").trim();
    await writeFile(join(dir, "a.ts"), "k = process.env.KEY\n");
    git(dir, "commit", "-qam", "remove key");
    const clean = git(dir, "rev-parse", "HEAD").trim();
    expect((await runCommand(["secret-scan"], { cwd: dir })).exitCode).toBe(0);
    const history = await runCommand(["secret-scan", "--history", "--format", "json"], { cwd: dir });
    expect(history.exitCode).toBe(1);
    expect(json(history.stdout).findings).toEqual([expect.objectContaining({ file: "a.ts", line: 1, commit: leak })]);
    expect((await runCommand(["secret-scan", "--history", "--since", leak], { cwd: dir })).exitCode).toBe(0);
    expect(clean).not.toBe(leak);
    const bad = await runCommand(["secret-scan", "--history", "--since", "no-such-ref"], { cwd: dir });
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain("--since no-such-ref: not a commit");
  });

  it("--history reports one finding per file and secret, with the first and last commit and a count", async () => {
    const key = stripe();
    const dir = await repo({ ".env": "DEBUG=1\n", "a.ts": `k = "${key}"\n` });
    const first = git(dir, "rev-parse", "HEAD").trim();
    await writeFile(join(dir, ".env"), "DEBUG=0\n");
    await writeFile(join(dir, "a.ts"), "k = process.env.KEY\n");
    git(dir, "commit", "-qam", "second");
    await writeFile(join(dir, ".env"), "DEBUG=2\n");
    await writeFile(join(dir, "a.ts"), `// back again\nk = "${key}"\n`);
    git(dir, "commit", "-qam", "third");
    const last = git(dir, "rev-parse", "HEAD").trim();
    const run = await runCommand(["secret-scan", "--history", "--format", "json"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    const findings = json(run.stdout).findings;
    expect(findings).toHaveLength(2);
    expect(findings).toContainEqual(expect.objectContaining({ rule: "dotenv-file", file: ".env", commit: first, lastCommit: last, commits: 3 }));
    // The location is where the secret was introduced.
    expect(findings).toContainEqual(expect.objectContaining({ rule: "stripe-secret-key", file: "a.ts", line: 1, commit: first, lastCommit: last, commits: 2 }));
    const text = await runCommand(["secret-scan", "--history"], { cwd: dir });
    expect(text.stdout).toContain(`a.ts:1:6 @ ${first.slice(0, 12)}..${last.slice(0, 12)} (2 commits)`);
    expect(text.stdout).toContain(`.env @ ${first.slice(0, 12)}..${last.slice(0, 12)} (3 commits)`);
  });

  it("a committed PKCS#12 key store is a whole-file finding, whatever its name; other binaries are skipped", async () => {
    // A PFX: SEQUENCE { INTEGER 3, ContentInfo { OID pkcs7-data, opaque }, MacData { DigestInfo, salt, iterations } }.
    const der = (tag: number, content: Buffer): Buffer => {
      const length = content.length < 128 ? Buffer.from([content.length]) : Buffer.from([0x82, content.length >> 8, content.length & 0xff]);
      return Buffer.concat([Buffer.from([tag]), length, content]);
    };
    const pkcs7Data = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);
    const authSafe = der(0x30, Buffer.concat([pkcs7Data, der(0xa0, der(0x04, Buffer.concat([Buffer.from(f.base64(200)), Buffer.alloc(8)])))]));
    const macData = der(0x30, Buffer.concat([der(0x30, Buffer.from(f.base64(20))), der(0x04, Buffer.from(f.hex(16), "hex")), der(0x02, Buffer.from([0x08, 0x00]))]));
    const pfx = der(0x30, Buffer.concat([der(0x02, Buffer.from([3])), authSafe, macData]));
    // Cut short, it is no key store anyone can open.
    const dir = await repo({ "certs/signing.bin": pfx, "certs/truncated.p12": pfx.subarray(0, 120), "logo.png": Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]), Buffer.from(f.base64(64))]) });
    const run = await runCommand(["secret-scan", "--format", "json"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(json(run.stdout).findings).toEqual([expect.objectContaining({ rule: "pkcs12-file", file: "certs/signing.bin", line: 0 })]);
  });

  it("usage and input errors exit 2, never 1", async () => {
    const dir = await repo({ "a.ts": "export {};\n" });
    for (const argv of [["--staged", "--history"], ["--since", "HEAD"], ["--stdin", "a.ts"], ["missing/dir"], ["--max-file-size", "big"], ["--stdin-name", "x.env"], ["--no-git", "--staged"]]) {
      const run = await runCommand(["secret-scan", ...argv], { cwd: dir });
      expect(run.exitCode, argv.join(" ")).toBe(2);
      expect(run.stderr, argv.join(" ")).toMatch(/^error: /);
    }
    const { dir: plain, cleanup } = await makeTree({ "a.txt": "x" });
    cleanups.push(cleanup);
    expect((await runCommand(["secret-scan", "--staged"], { cwd: plain })).stderr).toContain("--staged needs a git repository");
  });

  it("config secretScan.exclude and paths apply; `check` runs the gate", async () => {
    const dir = await repo({
      "fixtures/keys.ts": `k = "${stripe()}"\n`,
      "src/a.ts": "export {};\n",
      "crm-devex.config.json": JSON.stringify({ secretScan: { exclude: ["fixtures/**"] } }),
    });
    expect((await runCommand(["secret-scan"], { cwd: dir })).exitCode).toBe(0);
    expect((await runCommand(["secret-scan", "--exclude", "nothing/**"], { cwd: dir })).exitCode).toBe(0);
    await writeFile(join(dir, "crm-devex.config.json"), JSON.stringify({ secretScan: { paths: ["fixtures"] } }));
    expect((await runCommand(["secret-scan"], { cwd: dir })).exitCode).toBe(1);
    const check = await runCommand(["check", "--only", "secret-scan"], { cwd: dir });
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain("secret-scan");
    await writeFile(join(dir, "crm-devex.config.json"), JSON.stringify({ secretScan: { exlude: [] } }));
    const typo = await runCommand(["secret-scan"], { cwd: dir });
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain("exlude");
  });

  it("our own repository passes its own scan", async () => {
    const root = resolve(import.meta.dirname, "../../../..");
    await mkdir(join(root, ".cache"), { recursive: true });
    const { exitCode, stdout } = await runCommand(["secret-scan"], { cwd: root });
    expect(stdout).toContain("no secrets");
    expect(exitCode).toBe(0);
  });
});
