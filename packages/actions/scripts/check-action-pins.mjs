#!/usr/bin/env node
// Pinning that holds for whoever copies our workflows: every third-party `uses: owner/repo[/path]@ref`
// in our workflows, templates, actions and docs is pinned to a full commit SHA with its version as the
// comment, and that SHA and version are the ones of the repository's row in the one pin table
// (packages/cli/src/commands/init/action-pins.json, which `crm-devex init` writes its workflows from).
// One row per repository, so the same action is at the same version and commit everywhere.
// References to this repository (`crm-devex/crm-devex/…@v1`) are not third-party: they stay at the moving
// tag on main and pin-internal-refs.mjs pins them at release.
//
// Offline by default. `--verify` asks each repository (git ls-remote, no API token) which commit the
// row's version tag points at — what a maintainer runs when bumping a row.
//
// Usage: check-action-pins.mjs [FILE…]              FILE:LINE: problem per bad reference, exit 1 if any
//                                                   (no FILE: every place listed by pinnedPlaces())
//        check-action-pins.mjs --verify [--remote TEMPLATE]
//                                                   TEMPLATE defaults to https://github.com/{repo}.git;
//                                                   exit 1 when a tag points elsewhere, 2 when a repository
//                                                   cannot be asked
import console from "node:console";
import process from "node:process";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
export const OWN_REPOSITORY = "crm-devex/crm-devex";
export const PIN_TABLE = "packages/cli/src/commands/init/action-pins.json";
const FULL_SHA = /^[0-9a-f]{40}$/;

/**
 * `uses: owner/repo[/path]@ref [# comment]` anywhere on a line — a workflow step or job, a YAML comment
 * that shows how to call something, or inline code in Markdown prose. Local (`./…`) and `docker://`
 * references do not match: they are not pinned by commit.
 */
const USES = /uses:\s*["']?([A-Za-z0-9][\w.-]*\/[\w.-]+)((?:\/[^@\s"'`]+)?)@([^\s"'`#]+)["']?(?:[ \t]*#[ \t]*([^\n`]*))?/g;

/** The pin table: `{ "owner/repo": { version, sha, verified } }`. */
export function readPins(base = root) {
  return JSON.parse(readFileSync(join(base, PIN_TABLE), "utf8")).actions;
}

/**
 * Every `uses:` reference of a text, with its 1-based line.
 *
 * @example
 * findUses("      - uses: actions/checkout@11bd…83 # v4.2.2")
 * // [{ line: 1, repository: "actions/checkout", path: "", ref: "11bd…83", comment: "v4.2.2", internal: false }]
 */
export function findUses(text) {
  const found = [];
  text.split("\n").forEach((lineText, index) => {
    for (const match of lineText.matchAll(USES)) {
      const [, repository, path, ref, comment] = match;
      found.push({ line: index + 1, repository, path, ref, comment: comment?.trim() ?? "", internal: repository.toLowerCase() === OWN_REPOSITORY });
    }
  });
  return found;
}

/** What is wrong with one third-party reference given the table, or undefined when it is pinned as the table says. */
export function pinProblem(use, pins) {
  const pin = pins[use.repository];
  const name = `${use.repository}${use.path}`;
  if (!pin) return `${name}@${use.ref}: ${use.repository} has no row in ${PIN_TABLE} — add one (a release's tag and the commit it points at, checked as docs/actions.md says) and pin to it`;
  const expected = `${name}@${pin.sha} # ${pin.version}`;
  if (!FULL_SHA.test(use.ref)) return `${name}@${use.ref} is a moving ref, not a commit: use ${expected}`;
  if (use.ref !== pin.sha) return `${name}@${use.ref}${use.comment ? ` # ${use.comment}` : ""} is not the commit of the table's ${pin.version}: use ${expected}`;
  if (use.comment !== pin.version) return `${name}@${use.ref} ${use.comment ? `has the comment "# ${use.comment}"` : "has no version comment"}: use ${expected} (the comment holds the version alone, one form everywhere for a bump to find)`;
  return undefined;
}

/** Problems in one file's text as `{ line, message }`, and every reference found. */
export function checkText(text, pins) {
  const uses = findUses(text);
  const problems = [];
  for (const use of uses) {
    if (use.internal) continue; // pin-internal-refs.mjs's job, at release
    const message = pinProblem(use, pins);
    if (message) problems.push({ line: use.line, message });
  }
  return { uses, problems };
}

const ymlIn = (base, dir) => (existsSync(join(base, dir)) ? readdirSync(join(base, dir)).filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => join(dir, name)) : []);

/**
 * The files whose `uses:` a user runs or copies, relative to `base`: our workflows and templates, every
 * action.yml, the example's workflows, the act harness's workflows, and the Markdown the docs-as-tests
 * step reads (README.md, docs/*.md, examples/crm/README.md). The workflows `crm-devex init` writes are
 * checked by the test, which renders them.
 */
export function pinnedPlaces(base = root) {
  const actions = existsSync(join(base, "packages/actions"))
    ? readdirSync(join(base, "packages/actions")).filter((name) => existsSync(join(base, "packages/actions", name, "action.yml"))).sort().map((name) => `packages/actions/${name}/action.yml`)
    : [];
  const docs = existsSync(join(base, "docs")) ? readdirSync(join(base, "docs")).filter((name) => name.endsWith(".md")).sort().map((name) => `docs/${name}`) : [];
  return [
    ...ymlIn(base, ".github/workflows"),
    ...ymlIn(base, "workflows-templates"),
    ...ymlIn(base, "workflow-templates"),
    ...ymlIn(base, "examples/crm/.github/workflows"),
    ...ymlIn(base, "scripts/act/workflows"),
    "action.yml",
    ...actions,
    "README.md",
    ...docs,
    "examples/crm/README.md",
  ].filter((file) => existsSync(join(base, file)));
}

/** The commit a tag points at in a remote (annotated tags peeled), or an error saying why it could not be told. */
export function tagCommit(remote, tag) {
  const result = spawnSync("git", ["ls-remote", "--tags", remote, `refs/tags/${tag}`, `refs/tags/${tag}^{}`], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, GIT_TERMINAL_PROMPT: "0" },
  });
  if (result.error) return { error: result.error.message };
  if (result.status !== 0) {
    const lines = (result.stderr ?? "").trim().split("\n");
    return { error: lines.find((line) => line.startsWith("fatal:")) ?? (lines[0] || `git ls-remote exited ${result.status}`) };
  }
  const refs = new Map(result.stdout.trim().split("\n").filter(Boolean).map((line) => line.split("\t").reverse()));
  const commit = refs.get(`refs/tags/${tag}^{}`) ?? refs.get(`refs/tags/${tag}`);
  return commit ? { commit } : { error: `no tag ${tag}` };
}

/** Each row against its repository: `{ repository, version, sha, commit?, error?, ok }`. */
export function verifyPins(pins, remoteTemplate = "https://github.com/{repo}.git") {
  return Object.entries(pins).map(([repository, pin]) => {
    const remote = remoteTemplate.replaceAll("{repo}", repository).replaceAll("{owner}", repository.split("/")[0]).replaceAll("{name}", repository.split("/")[1]);
    const answer = tagCommit(remote, pin.version);
    return { repository, version: pin.version, sha: pin.sha, remote, ...answer, ok: answer.commit === pin.sha };
  });
}

const shown = (file) => (resolve(file).startsWith(root + sep) ? relative(root, resolve(file)) : file);

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  let pins;
  try {
    pins = readPins();
  } catch (error) {
    console.error(`check-action-pins: ${PIN_TABLE}: ${error.message}`);
    process.exit(2);
  }
  if (args.includes("--verify")) {
    const at = args.indexOf("--remote");
    const results = verifyPins(pins, at >= 0 ? args[at + 1] : undefined);
    for (const result of results) {
      if (result.ok) console.log(`ok       ${result.repository} ${result.version} = ${result.sha}`);
      else if (result.commit) console.log(`WRONG    ${result.repository} ${result.version} points at ${result.commit}, the table says ${result.sha}`);
      else console.log(`UNKNOWN  ${result.repository} ${result.version}: ${result.error} (${result.remote})`);
    }
    process.exit(results.some((result) => result.commit && !result.ok) ? 1 : results.some((result) => !result.commit) ? 2 : 0);
  }
  const files = args.length ? args : pinnedPlaces().map((file) => join(root, file));
  let thirdParty = 0;
  let internal = 0;
  let failed = 0;
  for (const file of files) {
    let text;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      console.error(`check-action-pins: ${file}: ${error.code === "ENOENT" ? "no such file" : error.message}`);
      process.exit(2);
    }
    const { uses, problems } = checkText(text, pins);
    thirdParty += uses.filter((use) => !use.internal).length;
    internal += uses.filter((use) => use.internal).length;
    for (const problem of problems) console.error(`${shown(file)}:${problem.line}: ${problem.message}`);
    failed += problems.length;
  }
  console.log(`check-action-pins: ${thirdParty} third-party reference(s) in ${files.length} files, ${failed} not pinned as ${PIN_TABLE} says; ${internal} internal reference(s) left to pin-internal-refs`);
  process.exit(failed ? 1 : 0);
}
