#!/usr/bin/env node
// GitHub only runs reusable workflows from .github/workflows/, so the reusable workflows written in
// workflows-templates/<name>.yml are published there as reusable-<name>.yml, byte for byte.
// Usage: sync-workflows.mjs          copy them
//        sync-workflows.mjs --check  exit 1 when a published copy is missing or differs
import console from "node:console";
import process from "node:process";
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
const sourceDir = join(root, "workflows-templates");
const publishedDir = join(root, ".github", "workflows");

/** [source, published] paths of every reusable workflow. */
export function reusableWorkflows() {
  return readdirSync(sourceDir)
    .filter((name) => name.endsWith(".yml"))
    .sort()
    .map((name) => [join(sourceDir, name), join(publishedDir, `reusable-${name}`)]);
}

const check = process.argv.includes("--check");
let stale = 0;
for (const [source, published] of reusableWorkflows()) {
  const text = readFileSync(source, "utf8");
  const current = existsSync(published) ? readFileSync(published, "utf8") : undefined;
  if (current === text) continue;
  const rel = (p) => p.slice(root.length + 1);
  if (check) {
    console.error(`sync-workflows: ${rel(published)} differs from ${rel(source)}; run npm run sync-workflows -w @crm-devex/actions`);
    stale += 1;
  } else {
    writeFileSync(published, text);
    console.log(`wrote ${rel(published)}`);
  }
}
if (stale) process.exit(1);
if (check) console.log("sync-workflows: .github/workflows/reusable-*.yml match workflows-templates/");
