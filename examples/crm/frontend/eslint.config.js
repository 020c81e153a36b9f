import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const PERSISTENT_STORES = ["localStorage", "sessionStorage", "indexedDB", "caches"];
const IN_MEMORY_ONLY = "The session token and form drafts stay in memory (src/auth); never persist them in the browser.";

export default tseslint.config(
  { ignores: ["dist/", "coverage/", "test-results/", "node_modules/"] },
  js.configs.recommended,
  {
    files: ["src/**/*.{ts,tsx}"],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      globals: globals.browser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      // The bearer token and drafts live in memory only (src/auth/session.ts): nothing in the
      // app may reach for a store that outlives the page or that injected scripts can read.
      "no-restricted-globals": ["error", ...PERSISTENT_STORES.map((name) => ({ name, message: IN_MEMORY_ONLY }))],
      "no-restricted-properties": [
        "error",
        ...["window", "globalThis", "self"].flatMap((object) => PERSISTENT_STORES.map((property) => ({ object, property, message: IN_MEMORY_ONLY }))),
        { object: "document", property: "cookie", message: IN_MEMORY_ONLY },
      ],
    },
  },
  {
    // Tests may look into the stores, to prove they stay empty.
    files: ["src/**/*.test.{ts,tsx}"],
    rules: { "no-restricted-globals": "off", "no-restricted-properties": "off" },
  },
  {
    files: ["*.js", "*.mjs", "*.ts", "e2e/**/*.mjs"],
    extends: [...tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
  },
);
