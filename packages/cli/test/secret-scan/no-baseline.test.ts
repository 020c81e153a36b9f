/** `--no-baseline` switches off a configured secretScan.baseline for one run. */
import { afterEach, expect, it } from "vitest";
import { fakeSecrets } from "../../src/commands/secret-scan/rules/fake.js";
import { runCommand } from "../helpers.js";
import { git, makeRepo } from "./git-fixture.js";

const f = fakeSecrets("no-baseline");
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

it("a configured baseline accepts known findings; --no-baseline makes them fail again; --baseline FILE still wins", async () => {
  const { dir, cleanup } = await makeRepo({ "src/pay.ts": `export const key = "${"sk_" + "live_" + f.alnum(32)}";\n`, "crm-devex.config.yaml": "secretScan:\n  baseline: secrets-baseline.json\n" });
  cleanups.push(cleanup);
  git(dir, "add", "src/pay.ts", "crm-devex.config.yaml");
  const first = await runCommand(["secret-scan", "--no-baseline", "--format", "json", "--output", "secrets-baseline.json"], { cwd: dir });
  expect(first.exitCode).toBe(1);

  const accepted = await runCommand(["secret-scan", "--format", "json"], { cwd: dir });
  expect(accepted.exitCode).toBe(0);
  expect(JSON.parse(accepted.stdout).suppressed).toEqual({ ignoreFile: 0, baseline: 1 });

  const off = await runCommand(["secret-scan", "--no-baseline", "--format", "json"], { cwd: dir });
  expect(off.exitCode).toBe(1);
  expect(JSON.parse(off.stdout)).toMatchObject({ verdict: "failed", suppressed: { baseline: 0 }, findings: [{ rule: "stripe-secret-key", file: "src/pay.ts" }] });

  const explicit = await runCommand(["secret-scan", "--baseline", "secrets-baseline.json"], { cwd: dir });
  expect(explicit.exitCode).toBe(0);
});
