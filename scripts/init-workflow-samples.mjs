// Writes the CI workflows `crm-devex init` generates for three repository layouts into OUT_DIR,
// so scripts/test.d/80-workflows.sh can put them through actionlint and zizmor like our own:
//   fastapi-uv  — FastAPI backend (uv, .python-version, pytest-cov) + Vite frontend (bun, vitest coverage: not run
//                 in CI, so left ungated): the check job with the backend's tests, which also install the export
//   reusable    — pip backend with requirements(-dev).txt + npm Vite frontend: reusable-ci plus the contract job
//   next        — a Next.js app (pnpm, vitest coverage): the check job with its tests
// Usage: node scripts/init-workflow-samples.mjs OUT_DIR   (needs packages/cli/dist: npm run build)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../packages/cli/dist/bin.js", import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error("usage: node scripts/init-workflow-samples.mjs OUT_DIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });

const fastapiMain = "from fastapi import FastAPI\n\napp = FastAPI()\n";
const layouts = {
  "fastapi-uv": {
    ".python-version": "3.12\n",
    "uv.lock": "version = 1\n",
    "backend/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi"]\n\n[dependency-groups]\ndev = ["pytest-cov"]\n',
    "backend/app/__init__.py": "",
    "backend/app/main.py": fastapiMain,
    "frontend/package.json": JSON.stringify({ name: "web", devDependencies: { vite: "^7.0.0", vitest: "^3.2.0", "@vitest/coverage-v8": "^3.2.0" } }),
    "frontend/bun.lock": "{}\n",
    "frontend/src/main.ts": "console.log(import.meta.env.VITE_API_URL);\n",
  },
  reusable: {
    "backend/requirements.txt": "fastapi==0.115.0\n",
    "backend/requirements-dev.txt": "pytest-cov==6.0.0\n",
    "backend/app/__init__.py": "",
    "backend/app/main.py": fastapiMain,
    "frontend/package.json": JSON.stringify({ name: "web", scripts: { typecheck: "tsc --noEmit" }, devDependencies: { vite: "^7.0.0", vitest: "^3.2.0" } }),
    "frontend/package-lock.json": "{}\n",
    "frontend/src/main.ts": "console.log(import.meta.env.VITE_API_URL);\n",
  },
  next: {
    "package.json": JSON.stringify({ name: "site", dependencies: { next: "^15.0.0", react: "^19.0.0" }, devDependencies: { vitest: "^3.2.0", "@vitest/coverage-v8": "^3.2.0" } }),
    "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
    "app/page.tsx": "export default () => process.env.NEXT_PUBLIC_SITE_NAME;\n",
  },
};

for (const [name, files] of Object.entries(layouts)) {
  const dir = mkdtempSync(join(tmpdir(), `crm-devex-init-${name}-`));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    execFileSync("git", ["init", "-q", "-b", "main"], { cwd: dir });
    execFileSync(process.execPath, [bin, "init", "--yes", "--no-hooks"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    copyFileSync(join(dir, ".github/workflows/crm-devex.yml"), join(out, `init-${name}.yml`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`wrote ${Object.keys(layouts).length} workflows to ${out}`);
