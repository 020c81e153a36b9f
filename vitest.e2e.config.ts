import { defineConfig } from "vitest/config";

// Slow end-to-end tests over the built and packed CLI; run by scripts/test.d/15-package.sh.
export default defineConfig({
  test: {
    include: ["packages/cli/e2e/**/*.e2e.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
