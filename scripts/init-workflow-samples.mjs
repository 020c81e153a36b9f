// Writes the CI workflows `crm-devex init` generates for three repository layouts into OUT_DIR,
// so scripts/test.d/80-workflows.sh can put them through actionlint and zizmor like our own:
//   fastapi-uv  — FastAPI backend (uv, .python-version, pytest-cov) + Vite frontend (bun, vitest coverage: not run
//                 in CI, so left ungated): the check job with the backend's tests, which also install the export
//   reusable    — pip backend with requirements(-dev).txt + npm Vite frontend: reusable-ci plus the contract job
//   next        — a Next.js app (pnpm, vitest coverage): the check job with its tests
//   services-python — FastAPI (uv) whose compose file runs PostgreSQL (published port, health check), Redis and
//                 RabbitMQ, with a prestart migration in its own test workflow: services, job env, the migration step
//   services-node — Express (npm, jest) with MongoDB 4 and MariaDB in compose: the older `mongo` shell health check
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
  "services-python": {
    "uv.lock": "version = 1\n",
    ".env": "POSTGRES_SERVER=db\nPOSTGRES_USER=app\nPOSTGRES_PASSWORD=local-only\nPOSTGRES_DB=app\nREDIS_URL=redis://cache:6379/0\nCELERY_BROKER_URL=amqp://guest:guest@broker:5672//\n",
    "compose.yml": [
      "services:",
      "  db:",
      "    image: postgres:17.2",
      "    healthcheck:",
      '      test: ["CMD-SHELL", "pg_isready -U app -d app"]',
      "    environment:",
      "      POSTGRES_USER: app",
      "      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:?set it}",
      "      POSTGRES_DB: app",
      "  cache:",
      "    image: redis:7.4-alpine",
      "  broker:",
      "    image: rabbitmq:3.13-management",
      "",
    ].join("\n"),
    "compose.override.yml": "services:\n  db:\n    ports:\n      - '5433:5432'\n",
    "backend/pyproject.toml": '[project]\nname = "api"\ndependencies = ["fastapi", "psycopg[binary]", "redis", "celery"]\n\n[dependency-groups]\ndev = ["pytest-cov"]\n',
    "backend/app/__init__.py": "",
    "backend/app/main.py": fastapiMain,
    "backend/scripts/prestart.sh": "#!/bin/sh\nalembic upgrade head\n",
    ".github/workflows/test.yml": "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv run bash scripts/prestart.sh\n        working-directory: backend\n      - run: uv run pytest\n        working-directory: backend\n",
  },
  "services-node": {
    "package.json": JSON.stringify({ name: "api", dependencies: { express: "^4.21.0", mongoose: "^8.0.0", mysql2: "^3.0.0" }, devDependencies: { jest: "^29.0.0" }, scripts: { test: "jest --coverage" } }),
    "package-lock.json": "{}\n",
    ".env.example": "MONGODB_URL=mongodb://127.0.0.1:27017/app\nDB_HOST=mariadb\nDB_USER=app\nDB_PASSWORD=\nDB_NAME=app\n",
    "docker-compose.yml": "services:\n  mongodb:\n    image: mongo:4.2.1-bionic\n  mariadb:\n    image: mariadb:11.4\n    environment:\n      MARIADB_USER: app\n      MARIADB_DATABASE: app\n",
    "src/app.js": "module.exports = process.env.MONGODB_URL;\n",
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
