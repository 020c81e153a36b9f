/**
 * Commits that add no text to scan still go through the installed pre-commit hook, and
 * "no pass without work" stays honest about it: a deletion-only commit is skipped by the hook
 * (which says so), a binary-only commit is examined (named, sniffed for a PKCS#12 key store)
 * and passes, a rename is scanned, and a staged secret is still blocked. Real `git commit`
 * through the real hook running this checkout's CLI.
 */
import { spawnSync } from "node:child_process";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import { parse } from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { fakeSecrets } from "../../src/commands/secret-scan/rules/fake.js";
import { runCommand } from "../helpers.js";
import { GIT_ENV, PATH_WITHOUT_CLI, SOURCE_CLI_RUNNER as RUNNER, git, makeRepo, writeTree } from "./git-fixture.js";

const SKIPPED = "secret scan skipped — this commit adds or modifies no file";
const f = fakeSecrets("hook-no-content");
const stripe = (): string => "sk_" + "live_" + f.alnum(32);


const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** CRC-32 (PNG chunk checksums); zlib.crc32 is not in every supported Node. */
function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** A real, valid PNG of width×1 grey pixels, made at test time. */
function png(width: number): Buffer {
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(1, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // greyscale
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, (_, i) => i % 256))]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", header), chunk("IDAT", deflateSync(row)), chunk("IEND", Buffer.alloc(0))]);
}

/** A PKCS#12 (PFX) shaped key store: SEQUENCE { INTEGER 3, ContentInfo pkcs7-data, MacData }. */
function pfx(): Buffer {
  const der = (tag: number, content: Buffer): Buffer => {
    const length = content.length < 128 ? Buffer.from([content.length]) : Buffer.from([0x82, content.length >> 8, content.length & 0xff]);
    return Buffer.concat([Buffer.from([tag]), length, content]);
  };
  const pkcs7Data = Buffer.from([0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x01]);
  const authSafe = der(0x30, Buffer.concat([pkcs7Data, der(0xa0, der(0x04, Buffer.concat([Buffer.from(f.base64(200)), Buffer.alloc(8)])))]));
  const macData = der(0x30, Buffer.concat([der(0x30, Buffer.from(f.base64(20))), der(0x04, Buffer.from(f.hex(16), "hex")), der(0x02, Buffer.from([0x08, 0x00]))]));
  return der(0x30, Buffer.concat([der(0x02, Buffer.from([3])), authSafe, macData]));
}

/** A repository with two committed files, the hook installed, and this checkout's CLI as its local bin. */
async function repo(): Promise<string> {
  const { dir, cleanup } = await makeRepo({ "README.md": "# crm\n", "b.txt": "notes\n", ".gitignore": "node_modules/\n" });
  cleanups.push(cleanup);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "initial");
  expect((await runCommand(["hooks", "install"], { cwd: dir })).exitCode).toBe(0);
  await mkdir(join(dir, "node_modules/.bin"), { recursive: true });
  await writeFile(join(dir, "node_modules/.bin/crm-devex"), `#!/bin/sh\nexec ${RUNNER} "$@"\n`);
  await chmod(join(dir, "node_modules/.bin/crm-devex"), 0o755);
  return dir;
}

function commit(dir: string, message: string): { status: number; output: string } {
  const run = spawnSync("git", ["commit", "-q", "-m", message], { cwd: dir, env: { ...process.env, ...GIT_ENV, HOME: dir, PATH: PATH_WITHOUT_CLI }, encoding: "utf8" });
  return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
}

/** The commit landed: HEAD's subject is `message`. */
function committed(dir: string, message: string): boolean {
  return git(dir, "log", "-1", "--format=%s").trim() === message;
}

describe("pre-commit hook: commits without text to scan", () => {
  it("a deletion-only commit goes through, the hook saying in one line that it skipped the scan", async () => {
    const dir = await repo();
    git(dir, "rm", "-q", "b.txt");
    const run = commit(dir, "drop notes");
    expect(run.status, run.output).toBe(0);
    expect(committed(dir, "drop notes")).toBe(true);
    expect(run.output).toContain(SKIPPED);
    expect(run.output).not.toContain("blocked");
  });

  it("outside the hook, a deletion-only `secret-scan --staged` is still not checked, saying nothing was added or modified", async () => {
    const dir = await repo();
    git(dir, "rm", "-q", "b.txt");
    const run = await runCommand(["secret-scan", "--staged"], { cwd: dir });
    expect(run.exitCode).toBe(1);
    expect(`${run.stdout}${run.stderr}`).toContain("not checked: nothing added or modified in the staged changes to scan");
  });

  it("a binary-only commit (a real PNG) is examined and goes through", async () => {
    const dir = await repo();
    await writeTree(dir, { "assets/logo.png": png(64) });
    git(dir, "add", "assets/logo.png");
    const run = commit(dir, "add logo");
    expect(run.status, run.output).toBe(0);
    expect(committed(dir, "add logo")).toBe(true);
    // The scan ran (the hook did not skip it) and counted the PNG as examined.
    expect(run.output).not.toContain(SKIPPED);
    expect(run.output).toContain("no secrets — staged files, 0 files (0 B), 1 binary");
    await writeTree(dir, { "assets/logo.png": png(65) });
    git(dir, "add", "assets/logo.png");
    const examined = await runCommand(["secret-scan", "--staged", "--format", "json"], { cwd: dir });
    expect(examined.exitCode).toBe(0);
    expect(JSON.parse(examined.stdout)).toMatchObject({ verdict: "passed", scanned: { files: 0, skippedBinary: 1 } });
  });

  it("a binary-only commit holding a PKCS#12 key store is blocked: the binary really is examined", async () => {
    const dir = await repo();
    await writeTree(dir, { "certs/signing.bin": pfx() });
    git(dir, "add", "certs/signing.bin");
    const run = commit(dir, "add signing cert");
    expect(run.status).toBe(1);
    expect(run.output).toContain("pkcs12-file");
    expect(run.output).toContain("contain a secret or a .env file");
    expect(committed(dir, "add signing cert")).toBe(false);
  });

  it("a staged secret is still blocked, also next to a deletion", async () => {
    const dir = await repo();
    git(dir, "rm", "-q", "b.txt");
    await writeTree(dir, { "src/pay.ts": `export const key = "${stripe()}";\n` });
    git(dir, "add", "src/pay.ts");
    const run = commit(dir, "payments");
    expect(run.status).toBe(1);
    expect(run.output).toContain("stripe-secret-key");
    expect(run.output).toContain("contain a secret or a .env file");
    expect(run.output).not.toContain(SKIPPED);
    expect(committed(dir, "payments")).toBe(false);
  });

  it("a rename-only commit is scanned (the new path enters the commit) and goes through", async () => {
    const dir = await repo();
    git(dir, "mv", "b.txt", "notes.txt");
    const run = commit(dir, "move notes");
    expect(run.status, run.output).toBe(0);
    expect(committed(dir, "move notes")).toBe(true);
    expect(run.output).not.toContain(SKIPPED);
  });

  it("lefthook: the installed run line skips a deletion-only commit and still blocks a staged secret", async () => {
    const dir = await repo();
    await writeFile(join(dir, "lefthook.yml"), "pre-commit:\n  commands: {}\n");
    expect((await runCommand(["hooks", "install", "--command", RUNNER], { cwd: dir })).exitCode).toBe(0);
    const line = (parse(await readFile(join(dir, "lefthook.yml"), "utf8")) as { "pre-commit": { commands: Record<string, { run: string }> } })["pre-commit"].commands["crm-devex-secret-scan"]!.run;
    // lefthook runs `run:` with sh in the repository root; so does this.
    const sh = (): { status: number; output: string } => {
      const run = spawnSync("sh", ["-c", line], { cwd: dir, env: { ...process.env, ...GIT_ENV, HOME: dir, PATH: PATH_WITHOUT_CLI }, encoding: "utf8" });
      return { status: run.status ?? -1, output: `${run.stdout}${run.stderr}` };
    };
    git(dir, "rm", "-q", "b.txt");
    expect(sh()).toMatchObject({ status: 0, output: expect.stringContaining(SKIPPED) });
    await writeTree(dir, { "src/pay.ts": `export const key = "${stripe()}";\n` });
    git(dir, "add", "src/pay.ts");
    const blocked = sh();
    expect(blocked.status).toBe(1);
    expect(blocked.output).toContain("stripe-secret-key");
  });
});
