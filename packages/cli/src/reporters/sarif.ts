import type { CommandResult, RuleDescriptor } from "../kernel/result.js";
import type { ReportContext } from "./types.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** SARIF 2.1.0 for GitHub code scanning: one run, rules from the result, results from findings. */
export function renderSarif(result: CommandResult, ctx: ReportContext): string {
  const rulesById = new Map<string, RuleDescriptor>();
  for (const rule of result.rules ?? []) rulesById.set(rule.id, rule);
  for (const finding of result.findings) {
    if (!rulesById.has(finding.ruleId)) {
      rulesById.set(finding.ruleId, { id: finding.ruleId, shortDescription: finding.ruleId, level: finding.level });
    }
  }
  const rules = [...rulesById.values()].sort((a, b) => a.id.localeCompare(b.id));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const log = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "crm-devex",
            semanticVersion: ctx.toolVersion,
            informationUri: "https://www.npmjs.com/package/crm-devex",
            rules: rules.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.shortDescription },
              ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
              defaultConfiguration: { level: rule.level },
            })),
          },
        },
        originalUriBaseIds: { "%SRCROOT%": { uri: toFileUri(ctx.cwd) } },
        results: result.findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId),
          level: finding.level,
          message: { text: finding.message },
          ...(finding.location
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: finding.location.file, uriBaseId: "%SRCROOT%" },
                      // SARIF regions are 1-based; a whole-file finding has no region.
                      ...(finding.location.line
                        ? {
                            region: {
                              startLine: finding.location.line,
                              ...(finding.location.column ? { startColumn: finding.location.column } : {}),
                              ...(finding.location.endLine ? { endLine: finding.location.endLine } : {}),
                            },
                          }
                        : {}),
                    },
                  },
                ],
              }
            : {}),
          ...(finding.fingerprint ? { partialFingerprints: { "crmDevex/v1": finding.fingerprint } } : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function toFileUri(path: string): string {
  const withSlash = path.endsWith("/") ? path : `${path}/`;
  return `file://${withSlash.split("/").map(encodeURIComponent).join("/")}`;
}
