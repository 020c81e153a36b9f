#!/usr/bin/env node
// Release pinning: inside the published reusable workflows (and the actions), every reference to this
// repository at a moving ref — `uses: crm-devex/crm-devex/packages/actions/preview@v1` — is rewritten to a
// commit SHA, keeping the ref as a comment (`@<sha> # v1`). The release workflow runs this on the tagged
// commit with that commit's SHA and tags the result, so a consumer who pins `reusable-preview.yml@<sha>`
// runs exactly the actions of that release, not whatever `v1` points at later (with the Vercel token).
//
// Usage: pin-internal-refs.mjs SHA [--check]   rewrite in place (or, with --check, exit 1 when a moving
//        reference is left in a file the release tags)
import console from "node:console";
import process from "node:process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));

/** `uses: crm-devex/crm-devex[/path]@ref` with a ref that is not already a full SHA; comments are left alone. */
const INTERNAL_USES = /^(\s*(?:-\s+)?uses:\s*["']?crm-devex\/crm-devex(?:\/[^@\s"']*)?@)(?![0-9a-f]{40}\b)([\w.\-/]+)(["']?)(\s*#.*)?$/gm;

/** The files a release tag makes callable: published reusable workflows and every action.yml. */
export function pinnableFiles(base = root) {
  const files = [];
  const workflows = join(base, ".github", "workflows");
  if (existsSync(workflows)) for (const name of readdirSync(workflows)) if (/^reusable-.*\.ya?ml$/.test(name)) files.push(join(workflows, name));
  if (existsSync(join(base, "action.yml"))) files.push(join(base, "action.yml"));
  const actions = join(base, "packages", "actions");
  if (existsSync(actions)) for (const name of readdirSync(actions)) if (existsSync(join(actions, name, "action.yml"))) files.push(join(actions, name, "action.yml"));
  return files.sort();
}

/**
 * The text with every internal moving reference pinned to `sha`, and how many were rewritten.
 *
 * @example
 * pinInternalRefs("uses: crm-devex/crm-devex/packages/actions/preview@v1", "0123…")
 * // { text: "uses: crm-devex/crm-devex/packages/actions/preview@0123… # v1", pinned: 1 }
 */
export function pinInternalRefs(text, sha) {
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Error(`expected a full 40-character commit SHA, got ${sha}`);
  let pinned = 0;
  const result = text.replace(INTERNAL_USES, (_match, head, ref, quote) => {
    pinned += 1;
    return `${head}${sha}${quote} # ${ref}`;
  });
  return { text: result, pinned };
}

/** Internal references still at a moving ref, as FILE:LINE strings. */
export function movingRefs(file) {
  const found = [];
  readFileSync(file, "utf8").split("\n").forEach((line, index) => {
    INTERNAL_USES.lastIndex = 0;
    if (INTERNAL_USES.test(line)) found.push(`${relative(root, file)}:${index + 1}: ${line.trim()}`);
  });
  return found;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sha = process.argv[2] ?? "";
  const files = pinnableFiles();
  if (process.argv.includes("--check")) {
    const left = files.flatMap(movingRefs);
    for (const line of left) console.error(`${line}  (not pinned)`);
    process.exit(left.length ? 1 : 0);
  }
  let total = 0;
  for (const file of files) {
    const { text, pinned } = pinInternalRefs(readFileSync(file, "utf8"), sha);
    if (pinned === 0) continue;
    writeFileSync(file, text);
    total += pinned;
    console.log(`${relative(root, file)}: ${pinned} reference(s) pinned to ${sha.slice(0, 12)}`);
  }
  console.log(`pin-internal-refs: ${total} reference(s) in ${files.length} files`);
}
