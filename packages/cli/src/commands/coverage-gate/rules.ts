/** The findings coverage-gate reports, for annotations and SARIF. */
import { defineRuleSet, type RuleDescriptor } from "../../kernel/index.js";

export const COVERAGE_RULES = defineRuleSet("coverage", [
  { id: "module-below-threshold", description: "A module's line (or branch) coverage is below its threshold", level: "error" as const },
  { id: "module-matches-nothing", description: "A module's globs match no file in the coverage reports", level: "error" as const },
  { id: "patch-below-threshold", description: "The coverage of the added and changed lines is below the patch threshold", level: "error" as const },
  { id: "uncovered-changed-lines", description: "Added or changed lines that no test executes", level: "warning" as const },
]);

export function ruleDescriptors(ids: Iterable<string>): RuleDescriptor[] {
  return [...new Set(ids)].map((id) => {
    const rule = COVERAGE_RULES.get(id)!;
    return { id: rule.id, shortDescription: rule.description, level: rule.level };
  });
}
