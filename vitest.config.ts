import { readFileSync } from "node:fs";
import { defineConfig } from "vitest/config";

const { version } = JSON.parse(readFileSync(new URL("./packages/cli/package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  define: { __CRM_DEVEX_VERSION__: JSON.stringify(version) },
  test: {
    include: ["packages/*/src/**/*.test.ts", "packages/*/test/**/*.test.ts", "scripts/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
  },
});
