#!/usr/bin/env node
// Generates the input/output tables of docs/actions.md from the action.yml files and the reusable
// workflows, between <!-- generated:NAME --> and <!-- /generated:NAME --> markers, so the docs
// cannot drift from what the actions accept.
// Usage: actions-docs.mjs          rewrite docs/actions.md
//        actions-docs.mjs --check  exit 1 when docs/actions.md is not up to date
import console from "node:console";
import process from "node:process";
import { readFileSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = dirname(dirname(dirname(dirname(fileURLToPath(import.meta.url)))));
const docPath = join(root, "docs", "actions.md");

const cell = (value) => String(value ?? "").replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ").trim();
const code = (value) => (value === undefined || value === "" ? "" : `\`${cell(value)}\``);

/** The generated sections: name → Markdown. */
export function generatedSections() {
  const sections = {};
  const actions = [["check", "action.yml", "crm-devex/crm-devex@v1"]];
  for (const name of readdirSync(join(root, "packages", "actions")).sort()) {
    const file = join("packages", "actions", name, "action.yml");
    if (existsSync(join(root, file))) actions.push([name, file, `crm-devex/crm-devex/packages/actions/${name}@v1`]);
  }
  for (const [name, file, uses] of actions) {
    const action = parse(readFileSync(join(root, file), "utf8"));
    const lines = [`\`uses: ${uses}\` — ${cell(action.description)}`, "", "| input | required | default | description |", "|---|---|---|---|"];
    for (const [input, spec] of Object.entries(action.inputs ?? {})) {
      lines.push(`| \`${input}\` | ${spec.required ? "yes" : "no"} | ${code(spec.default)} | ${cell(spec.description)} |`);
    }
    lines.push("", "| output | description |", "|---|---|");
    for (const [output, spec] of Object.entries(action.outputs ?? {})) lines.push(`| \`${output}\` | ${cell(spec.description)} |`);
    sections[`action-${name}`] = lines.join("\n");
  }
  for (const name of readdirSync(join(root, "workflows-templates")).filter((f) => f.endsWith(".yml")).sort()) {
    const workflow = parse(readFileSync(join(root, "workflows-templates", name), "utf8"));
    const call = workflow.on.workflow_call;
    const lines = [`\`uses: crm-devex/crm-devex/.github/workflows/reusable-${name}@v1\``, "", "| input | type | default | description |", "|---|---|---|---|"];
    for (const [input, spec] of Object.entries(call.inputs ?? {})) {
      lines.push(`| \`${input}\` | ${spec.type}${spec.required ? " (required)" : ""} | ${code(spec.default)} | ${cell(spec.description)} |`);
    }
    if (call.secrets) {
      lines.push("", "| secret | required | description |", "|---|---|---|");
      for (const [secret, spec] of Object.entries(call.secrets)) lines.push(`| \`${secret}\` | ${spec.required ? "yes" : "no"} | ${cell(spec.description)} |`);
    }
    if (call.outputs) {
      lines.push("", "| output | description |", "|---|---|");
      for (const [output, spec] of Object.entries(call.outputs)) lines.push(`| \`${output}\` | ${cell(spec.description)} |`);
    }
    sections[`workflow-${name.replace(/\.yml$/, "")}`] = lines.join("\n");
  }
  return sections;
}

/** docs/actions.md with every generated section replaced; throws when a marker is missing. */
export function renderDoc(text, sections) {
  let out = text;
  for (const [name, body] of Object.entries(sections)) {
    const pattern = new RegExp(`(<!-- generated:${name} -->\\n)[\\s\\S]*?(<!-- /generated:${name} -->)`);
    if (!pattern.test(out)) throw new Error(`docs/actions.md has no <!-- generated:${name} --> … <!-- /generated:${name} --> section`);
    out = out.replace(pattern, (_m, open, close) => `${open}${body}\n${close}`);
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const current = readFileSync(docPath, "utf8");
  let next;
  try {
    next = renderDoc(current, generatedSections());
  } catch (error) {
    console.error(`actions-docs: ${error.message}`);
    process.exit(1);
  }
  if (process.argv.includes("--check")) {
    if (next !== current) {
      console.error("actions-docs: docs/actions.md is out of date with the action.yml files; run npm run docs -w @crm-devex/actions");
      process.exit(1);
    }
    console.log("actions-docs: docs/actions.md matches the action.yml files and reusable workflows");
  } else {
    writeFileSync(docPath, next);
    console.log("wrote docs/actions.md");
  }
}
