/// <reference types="vitest/config" />
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// Coverage is written where crm-devex coverage-gate reads it (see ../crm-devex.config.yaml):
// lcov for the gate, json for tools that want per-statement detail.
export default defineConfig({
  plugins: [react()],
  build: {
    // No inline scripts or styles end up in index.html, so the CSP in vercel.json needs no 'unsafe-inline'.
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
});
