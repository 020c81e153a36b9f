import { readFileSync } from "node:fs";
import { defineConfig } from "tsup";

const { version } = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { version: string };

export default defineConfig({
  entry: { bin: "src/bin.ts", index: "src/index.ts", env: "src/env.ts" },
  format: ["esm"],
  target: "node20",
  platform: "node",
  // Code splitting keeps each command in its own chunk, loaded only when run.
  splitting: true,
  // No source maps: they were two thirds of the tarball, and users debug the readable ESM output directly.
  sourcemap: false,
  dts: { entry: { index: "src/index.ts", env: "src/env.ts" } },
  clean: true,
  define: { __CRM_DEVEX_VERSION__: JSON.stringify(version) },
});
