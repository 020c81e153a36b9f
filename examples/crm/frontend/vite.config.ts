/// <reference types="vitest/config" />
import { readFileSync } from "node:fs";
import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv, type Plugin } from "vite";
import { vercelConfigFor, type VercelConfig } from "./vercel-config.mjs";

/** Writes dist/vercel.json with the CSP's connect-src set to this build's API origin. */
function vercelConfigPlugin(apiBaseUrl: string | undefined): Plugin {
  return {
    name: "crm-vercel-config",
    apply: "build",
    generateBundle() {
      const committed = JSON.parse(readFileSync(new URL("./vercel.json", import.meta.url), "utf8")) as VercelConfig;
      this.emitFile({ type: "asset", fileName: "vercel.json", source: `${JSON.stringify(vercelConfigFor(committed, apiBaseUrl), null, 2)}\n` });
    },
  };
}

// Coverage is written where crm-devex coverage-gate reads it (see ../crm-devex.config.yaml):
// lcov for the gate, json for tools that want per-statement detail.
export default defineConfig(({ mode }) => ({
  plugins: [react(), vercelConfigPlugin(loadEnv(mode, process.cwd(), "VITE_").VITE_API_BASE_URL)],
  build: {
    // No inline scripts or styles end up in index.html, so the CSP needs no 'unsafe-inline'.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  test: {
    environment: "jsdom",
    globals: true,
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    coverage: {
      provider: "v8",
      reportsDirectory: "./coverage",
      reporter: ["text-summary", "lcov", "json"],
      include: ["src/**/*.{ts,tsx}"],
      exclude: ["src/**/*.test.{ts,tsx}", "src/test/**", "src/main.tsx", "src/vite-env.d.ts"],
    },
  },
}));
