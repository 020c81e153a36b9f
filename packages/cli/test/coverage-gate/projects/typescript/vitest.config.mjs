// Fixture project for coverage-gate's real-tool tests: Vitest with V8 coverage writing
// every report format the gate reads. Plain object (no import) so it loads from any copy.
export default {
  test: {
    include: ["src/**/*.check.ts"],
    coverage: {
      enabled: true,
      provider: "v8",
      include: ["src/**/*.ts"],
      exclude: ["src/**/*.check.ts"],
      reporter: ["text", "lcov", "json", "json-summary", "clover", "cobertura"],
      reportsDirectory: "coverage",
    },
  },
};
