/**
 * Re-creates `openapi-subset.json` from GitHub's published REST description.
 *
 *   cd /tmp && npm pack @octokit/openapi@23.0.2 && tar xzf octokit-openapi-23.0.2.tgz
 *   npx tsx packages/cli/test/fakes/github/extract.ts /tmp/package/generated/api.github.com.json 23.0.2
 *
 * Only the operations the preview command calls are kept, with their `$ref`s inlined.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { extractOperations } from "../openapi-extract.js";

const wanted = [
  ["get", "/user"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["patch", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
  ["delete", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
  ["get", "/repos/{owner}/{repo}/pulls/{pull_number}"],
] as const;

const [specPath, version] = process.argv.slice(2);
if (!specPath || !version) {
  console.error("usage: extract.ts <api.github.com.json> <@octokit/openapi version>");
  process.exit(2);
}
const spec = JSON.parse(readFileSync(specPath, "utf8")) as Record<string, unknown>;
const subset = {
  source: { package: "@octokit/openapi", version, file: "generated/api.github.com.json" },
  operations: extractOperations(spec, wanted),
};
const out = join(dirname(fileURLToPath(import.meta.url)), "openapi-subset.json");
writeFileSync(out, JSON.stringify(subset, null, 1) + "\n");
console.log(`wrote ${out}: ${subset.operations.length} operations`);
