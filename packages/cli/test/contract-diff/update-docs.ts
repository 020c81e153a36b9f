/**
 * Regenerates the rule catalogue inside docs/contract-diff.md from the registry:
 *   npx tsx packages/cli/test/contract-diff/update-docs.ts
 * cli.test.ts fails when the committed docs differ from `crm-devex contract-diff rules`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { renderCatalogue } from "../../src/commands/contract-diff/rules/docs.js";

const DOCS = join(import.meta.dirname, "..", "..", "..", "..", "docs", "contract-diff.md");
const START = "<!-- rule-catalogue:start -->";
const END = "<!-- rule-catalogue:end -->";

const text = readFileSync(DOCS, "utf8");
const start = text.indexOf(START);
const end = text.indexOf(END);
if (start === -1 || end === -1) throw new Error(`${DOCS}: missing ${START} / ${END} markers`);
writeFileSync(DOCS, `${text.slice(0, start + START.length)}\n${renderCatalogue()}${text.slice(end)}`);
console.log(`updated ${DOCS}`);
