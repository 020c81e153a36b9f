import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

/**
 * The example CRM comparison (scripts/test.d/50-coverage-gate.sh): needs the backend's and
 * frontend's real coverage runs, so it is not part of the default `vitest run`.
 */
const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  define: { __CRM_DEVEX_VERSION__: JSON.stringify(version) },
  test: {
    root: new URL("../../../..", import.meta.url).pathname,
    include: ["packages/cli/test/coverage-gate/crm-example.suite.ts"],
    testTimeout: 120_000,
    pool: "forks",
  },
});
