import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

// The real-Prometheus test: slow, needs the example backend and `prometheus`; run by scripts/test.d/60-error-budget.sh.
export default defineConfig({
  define: { __CRM_DEVEX_VERSION__: JSON.stringify(version) },
  test: {
    root: new URL("../../../..", import.meta.url).pathname,
    include: ["packages/cli/test/error-budget/**/*.e2e.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
