/** The one registry of contract-diff rules: docs, levels, `--fail-on` and the tests are all driven from it. */
import { defineRuleSet } from "../../../kernel/rule.js";
import type { ChangeParams, ContractRule } from "../model.js";
import { applicatorRules, itemRules } from "./applicators.js";
import { compositionRules, discriminatorRules } from "./composition.js";
import { keywordRules } from "./keywords.js";
import { parameterRules, sentParameterRules } from "./parameters.js";
import { deprecationRules, pathRules, urlRules } from "./paths.js";
import { propertyRules } from "./properties.js";
import { requestBodyRules } from "./request-body.js";
import { responseRules } from "./responses.js";
import { schemaRules } from "./schema.js";
import { securityRules } from "./security.js";

/** Every rule, in catalogue order (by family). */
export const ALL_RULES: readonly ContractRule[] = [
  ...pathRules,
  ...urlRules,
  ...deprecationRules,
  ...parameterRules,
  ...sentParameterRules,
  ...requestBodyRules,
  ...responseRules,
  ...propertyRules,
  ...schemaRules,
  ...keywordRules,
  ...itemRules,
  ...applicatorRules,
  ...compositionRules,
  ...discriminatorRules,
  ...securityRules,
];

export const RULES: ReadonlyMap<string, ContractRule> = defineRuleSet("contract-diff", ALL_RULES);

/** The rule with this id; throws on an unknown id, which is a bug in a detector. */
export function ruleById(id: string): ContractRule {
  const rule = RULES.get(id);
  if (!rule) throw new Error(`contract-diff: unknown rule id "${id}"`);
  return rule;
}

/** Fill a rule's message template; a placeholder without a value is left visible so tests catch it. */
export function formatMessage(template: string, params: ChangeParams): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
