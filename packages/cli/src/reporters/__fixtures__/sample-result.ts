import type { CommandResult } from "../../kernel/result.js";

/**
 * One result that exercises every block kind and the characters reporters must
 * escape: Markdown metacharacters, pipes in table cells, and the `%`, `:`, `,`
 * and newlines that GitHub workflow commands treat specially.
 */
export const sampleResult: CommandResult = {
  command: "contract-diff",
  verdict: "failed",
  summary: "2 breaking changes in 2 operations (1 warning)",
  blocks: [
    { kind: "heading", text: "GET /api/properties/{id}" },
    { kind: "paragraph", text: "Response field `price` changed type: number -> string", tone: "bad" },
    { kind: "list", items: ["removed: DELETE /api/viewings/{id}", "added: GET /api/tenancies"] },
    {
      kind: "table",
      columns: ["module", "percent", "threshold"],
      rows: [
        ["payments", "79.99", "80"],
        ["clients | data", "91.20", "80"],
      ],
      align: ["left", "right", "right"],
    },
    { kind: "bar", label: "availability", fraction: 0.463, caption: "46.3% of 43.2 min used", tone: "warn" },
    { kind: "code", text: "crm-devex contract-diff base.json head.json" },
    { kind: "details", summary: "1 non-breaking change", blocks: [{ kind: "list", items: ["added optional field notes"] }] },
  ],
  findings: [
    {
      ruleId: "response-property-type-changed",
      level: "error",
      title: "GET /api/properties/{id}",
      message: "price: number -> string\nclients parsing numbers break (100% sure, a:b,c)",
      location: { file: "examples/crm/openapi.json", line: 42, column: 7 },
      fingerprint: "abc123",
    },
    {
      ruleId: "endpoint-removed",
      level: "error",
      message: "DELETE /api/viewings/{id} was removed",
      location: { file: "dir, with: odd%chars/openapi.json", line: 10 },
    },
    { ruleId: "request-property-added-optional", level: "note", message: "notes added" },
    { ruleId: "deprecated-operation", level: "warning", message: "GET /api/old is deprecated", location: { file: "openapi.json" } },
  ],
  rules: [{ id: "endpoint-removed", shortDescription: "An operation was removed", level: "error", helpUri: "https://example.invalid/rules#endpoint-removed" }],
  warnings: ["base spec has 1 unresolved $ref at #/components/schemas/Old"],
  json: { breaking: 2, changes: [{ id: "endpoint-removed", level: "breaking" }] },
};
