#!/usr/bin/env node
// Docs are tests: what README.md, docs/*.md and examples/crm/README.md tell users to type or copy.
//   - workflows: every ```yaml block that is a workflow (has `jobs:`) or a fragment of one (steps), wrapped
//     into a whole workflow when it is a fragment — linted by scripts/test.d/80-workflows.sh with actionlint,
//     zizmor and check-reusable-calls;
//   - command lines: every `crm-devex …` / `npx crm-devex …` line of a shell block, and of a `run:` script in
//     those workflows — executed by scripts/docs-as-tests/commands.test.ts against fixtures and the fake APIs.
// A block preceded by `<!-- docs-test: illustrative REASON -->` (or a line ending in `# illustrative`) is
// only checked for usage errors (unknown flags, wrong arguments), never run for a verdict.
//
// Usage: extract.mjs --workflows DIR   write each workflow to DIR/<doc>--<n>.yml, print the paths
//        extract.mjs --list            print every command line with its file:line
import console from "node:console";
import process from "node:process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { LineCounter, isScalar, parse, parseDocument, visit } from "yaml";

export const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

/** The Markdown files users read. */
export function docFiles() {
  return ["README.md", ...readdirSync(join(root, "docs")).filter((name) => name.endsWith(".md")).sort().map((name) => `docs/${name}`), "examples/crm/README.md"];
}

const ILLUSTRATIVE = /<!--\s*docs-test:\s*illustrative\b([^>]*)-->\s*$/;

/** Fenced code blocks of a Markdown text: language, body, the line of the body's first line, and its marker. */
export function codeBlocks(markdown) {
  const lines = markdown.split("\n");
  const blocks = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[index]);
    if (!open) continue;
    const [, indent, fence, language] = open;
    const body = [];
    let end = index + 1;
    for (; end < lines.length && !lines[end].trimStart().startsWith(fence); end++) body.push(lines[end].slice(Math.min(indent.length, lines[end].length - lines[end].trimStart().length)));
    // The marker may sit on the line before the fence (a blank line between is allowed).
    let before = index - 1;
    while (before >= 0 && lines[before].trim() === "") before--;
    const marker = before >= 0 ? ILLUSTRATIVE.exec(lines[before]) : null;
    blocks.push({ language: language.toLowerCase(), body: body.join("\n"), line: index + 2, illustrative: marker ? marker[1].trim() || "marked illustrative" : undefined });
    index = end;
  }
  return blocks;
}

/** A YAML block as a whole workflow, or undefined when it is not one (an OpenAPI spec, a config file…). */
export function asWorkflow(body) {
  let data;
  try {
    data = parse(body);
  } catch {
    return undefined;
  }
  if (data && typeof data === "object" && !Array.isArray(data) && data.jobs && typeof data.jobs === "object") {
    if (data.on) return body;
    // A `jobs:` fragment (README's "the whole pipeline in a few lines"): give it a trigger and no token.
    return `name: docs fragment\non:\n  pull_request:\npermissions: {}\n${body}\n`;
  }
  // A list of steps.
  if (Array.isArray(data) && data.length > 0 && data.every((step) => step && typeof step === "object" && ("uses" in step || "run" in step))) {
    const steps = body.replace(/^/gm, "      ");
    return `name: docs fragment\non:\n  pull_request:\npermissions: {}\njobs:\n  docs:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n    steps:\n${steps}\n`;
  }
  return undefined;
}

const SHELL = new Set(["sh", "bash", "shell", "console", "zsh", ""]);

/** Lines joined over trailing backslashes, each with the line number where it starts. */
function logicalLines(text, firstLine) {
  const out = [];
  let current;
  text.split("\n").forEach((raw, offset) => {
    const line = raw.replace(/^\s*\$\s+/, "");
    if (current) current.text += ` ${line.trim()}`;
    else current = { text: line.trim(), line: firstLine + offset };
    if (current.text.endsWith("\\")) current.text = current.text.slice(0, -1).trimEnd();
    else {
      out.push(current);
      current = undefined;
    }
  });
  if (current) out.push(current);
  return out;
}

/** Is this shell line a crm-devex command (possibly after `cd x &&`, `VAR=value`, or in a pipeline; or this checkout's build)? */
const RUNS_CRM_DEVEX = /(?:^|&&|;|\||\s)(?:(?:npx\s+(?:--yes\s+)?)?crm-devex(?:@[\w.^~-]+)?|node\s+packages\/cli\/dist\/bin\.js)\s/;

/** The `run:` scripts of a workflow block, each with its step's `env:` and the line its script starts on. */
function runScripts(block) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(block.body, { lineCounter });
  if (doc.errors.length) return [];
  const scripts = [];
  visit(doc, {
    Map(_key, map) {
      const run = map.items.find((pair) => isScalar(pair.key) && pair.key.value === "run");
      if (!run || !isScalar(run.value) || typeof run.value.value !== "string") return;
      const envPair = map.items.find((pair) => isScalar(pair.key) && pair.key.value === "env");
      const env = envPair ? envPair.value.toJSON() : {};
      const start = lineCounter.linePos(run.value.range[0]).line;
      const blockScalar = run.value.type === "BLOCK_LITERAL" || run.value.type === "BLOCK_FOLDED";
      scripts.push({ text: run.value.value, line: block.line - 1 + start + (blockScalar ? 1 : 0), source: "workflow run:", env });
    },
  });
  return scripts;
}

/** Every crm-devex command line of the docs: { doc, line, command, illustrative, source }. */
export function commandLines() {
  const commands = [];
  for (const doc of docFiles()) {
    const markdown = readFileSync(join(root, doc), "utf8");
    for (const block of codeBlocks(markdown)) {
      const scripts = [];
      if (SHELL.has(block.language)) scripts.push({ text: block.body, line: block.line, source: "shell" });
      if (block.language === "yaml" || block.language === "yml") scripts.push(...runScripts(block));
      for (const script of scripts) {
        for (const { text, line } of logicalLines(script.text, script.line)) {
          if (!RUNS_CRM_DEVEX.test(`${text} `) || text.startsWith("#")) continue;
          const lineMarker = /#\s*illustrative\b[\s:]*(.*)$/.exec(text);
          commands.push({ doc, line, command: text, illustrative: block.illustrative ?? (lineMarker ? lineMarker[1].trim() || "marked illustrative" : undefined), source: script.source, env: script.env });
        }
      }
    }
  }
  return commands;
}

/** Every workflow of the docs, wrapped when a fragment: { doc, line, name, yaml }. */
export function workflows() {
  const found = [];
  for (const doc of docFiles()) {
    const markdown = readFileSync(join(root, doc), "utf8");
    for (const block of codeBlocks(markdown)) {
      if (block.language !== "yaml" && block.language !== "yml") continue;
      const yaml = asWorkflow(block.body);
      if (!yaml) continue;
      const base = doc.replace(/\.md$/, "").replace(/[^\w]+/g, "-");
      found.push({ doc, line: block.line, name: `${base}--L${block.line}.yml`, yaml });
    }
  }
  return found;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf("--workflows");
  if (at > 0) {
    const dir = process.argv[at + 1];
    mkdirSync(dir, { recursive: true });
    for (const workflow of workflows()) {
      const file = join(dir, workflow.name);
      // The first line says where it came from, so a linter's file:line leads back to the doc.
      writeFileSync(file, `# from ${workflow.doc}:${workflow.line}\n${workflow.yaml}`);
      console.log(relative(process.cwd(), file));
    }
  } else if (process.argv.includes("--list")) {
    for (const command of commandLines()) console.log(`${command.doc}:${command.line}\t${command.illustrative ? "illustrative" : "run"}\t${command.command}`);
  } else {
    console.error("usage: extract.mjs --workflows DIR | --list");
    process.exit(2);
  }
}
