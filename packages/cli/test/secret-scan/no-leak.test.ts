/**
 * The one promise a secret scanner must keep: it never prints a secret it found.
 * Every copy of every found value — repeated on the same line, matched by two rules
 * over overlapping spans, copied into another file, inside an escaped PEM block —
 * is masked on every printed line, in every format, in $GITHUB_STEP_SUMMARY and in
 * --output files. Secrets are built at test time, so this file holds none.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { scanText } from "../../src/commands/secret-scan/detect.js";
import { maskEverywhere, maskNeedles } from "../../src/commands/secret-scan/mask.js";
import { maskedExcerpt } from "../../src/commands/secret-scan/scan-files.js";
import { fakeSecrets } from "../../src/commands/secret-scan/rules/fake.js";
import { runCommand } from "../helpers.js";
import { git, makeRepo, writeTree } from "./git-fixture.js";

const f = fakeSecrets("no-leak");
const github = f.crc32Token("ghp_");
const stripe = "sk_" + "live_" + f.alnum(32);
const password = `${f.alnum(14)}#${f.digits(3)}`;
const urlPassword = f.alnum(24);
const registryUrl = `https://deploy:${urlPassword}@registry.crm-internal.net/npm/`;
const pemBody = [f.base64(64), f.base64(64), f.base64(30)];
const slack = "xoxb-" + f.digits(12) + "-" + f.digits(13) + "-" + f.alnum(24);

/** Each planted value, and where it sits. */
const files: Record<string, string> = {
  // The same value twice on one line: the second copy used to be printed in full.
  "app/debug.py": `print("${github}")  # api_key = "${github}"\n`,
  // Two copies in one expression, a third on the next line.
  "deploy/run.kw": `kw token = '${stripe}' | '${stripe}'\nkw echo ${stripe}\n`,
  // Two rules over overlapping spans: basic-auth-url keeps the URL's password, generic-password
  // (dropped for it) matched the whole URL.
  "app/settings.py": `REGISTRY_PASSWORD = "${registryUrl}"\nDB_PASSWORD = "${password}"\nSLACK = "${slack}"\n`,
  // Values found in other files, copied onto a line of a file where another secret is found.
  "ops/notes.md": `rotate ${github} then set ${password} and ${registryUrl} and ${slack}\n`,
  // A private key escaped on one line (a service-account JSON): one finding, all of it masked.
  "keys/sa.json": `{"private_key": "${"-----BEGIN " + "PRIVATE KEY-----"}\\n${pemBody.join("\\n")}\\n${"-----END " + "PRIVATE KEY-----"}\\n", "copy": "${pemBody[0]}"}\n`,
};

const secrets = { github, stripe, password, urlPassword, slack, pem0: pemBody[0]!, pem1: pemBody[1]! };

/** Any 10 consecutive characters of a secret past its 4-character prefix is a leak. */
function leaks(output: string): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(secrets)) {
    for (let i = 4; i + 10 <= secret.length; i++) {
      if (output.includes(secret.slice(i, i + 10))) {
        found.push(`${name} (…${secret.slice(i, i + 10)}…)`);
        break;
      }
    }
  }
  return found;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe("secret-scan never prints a found secret", () => {
  it("every format, the step summary and --output files mask every copy", async () => {
    const { dir, cleanup } = await makeRepo(files);
    cleanups.push(cleanup);
    git(dir, "add", "-A");
    for (const format of ["text", "json", "markdown", "github", "sarif"]) {
      const summary = join(dir, `summary-${format}.md`);
      const report = join(dir, `report-${format}.out`);
      const run = await runCommand(["secret-scan", "--format", format, "--output", report], {
        cwd: dir,
        env: { PATH: process.env.PATH, GITHUB_ACTIONS: "true", GITHUB_STEP_SUMMARY: summary },
      });
      expect(run.exitCode, format).toBe(1);
      const printed = [run.stdout, run.stderr, await readFile(report, "utf8"), await readFile(summary, "utf8").catch(() => "")].join("\n");
      // The scan did see them: every planted file is reported.
      for (const file of Object.keys(files)) expect(printed, `${format} reports ${file}`).toContain(file);
      expect(leaks(printed), format).toEqual([]);
    }
  });

  it("history mode masks every copy too", async () => {
    const { dir, cleanup } = await makeRepo(files);
    cleanups.push(cleanup);
    git(dir, "add", "-A");
    git(dir, "commit", "-qm", "leak");
    await writeTree(dir, Object.fromEntries(Object.keys(files).map((file) => [file, "removed\n"])));
    git(dir, "commit", "-qam", "remove");
    for (const format of ["text", "markdown", "github"]) {
      const run = await runCommand(["secret-scan", "--history", "--format", format], { cwd: dir });
      expect(run.exitCode, format).toBe(1);
      expect(run.stdout).toContain("app/debug.py");
      expect(leaks(run.stdout + run.stderr), format).toEqual([]);
    }
  });

  it("a value a vaguer rule matched over a kept finding is masked with it", () => {
    const text = `REGISTRY_PASSWORD = "${registryUrl}"`;
    const matches = scanText(text, "app/settings.py");
    expect(matches.map((match) => [match.rule, match.secret, match.overlapping])).toEqual([["basic-auth-url", urlPassword, [registryUrl]]]);
    expect(maskedExcerpt([text], matches, matches[0]!)).toBe('REGISTRY_PASSWORD = "http********"');
  });

  it.each([
    ["a repeated value", "x = 'ABCDEFGHIJ' + 'ABCDEFGHIJ'", ["ABCDEFGHIJ"], "x = 'ABCD********' + 'ABCD********'"],
    ["overlapping values merge into one masked run", "k=ABCDEFGHIJKLMNOP", ["ABCDEFGHIJ", "GHIJKLMNOP"], "k=ABCD********"],
    ["a line of a multi-line value", "body: QRSTUVWXYZ0123", ["----\nQRSTUVWXYZ0123\n----"], "body: QRST********"],
    ["a line of an escaped multi-line value", "body: QRSTUVWXYZ0123", ["----\\nQRSTUVWXYZ0123\\n----"], "body: QRST********"],
    ["no secret: unchanged", "nothing here", ["ABCDEFGHIJ"], "nothing here"],
  ])("maskEverywhere: %s", (_name, line, values, expected) => {
    expect(maskEverywhere(line, maskNeedles(values))).toBe(expected);
  });
});
