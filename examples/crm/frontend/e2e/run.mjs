// `npm run test:browser`: the browser test and the vercel.json checks, with node's test runner.
import { spawnSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "--test-reporter=spec", "vercel-config.test.mjs", "browser.test.mjs"], {
  cwd: here,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
