/**
 * Rules are data plus a small function. `defineRuleSet` checks at build time of
 * the set (module load) that ids are unique and kebab-case, so a typo fails every
 * test rather than silently shadowing another rule.
 */
export interface RuleMeta {
  /** Stable kebab-case id, shown to users and used in ignore files. */
  id: string;
  /** One line: what the rule detects. */
  description: string;
}

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Freeze a list of rules into an id-indexed registry, rejecting duplicate or badly formed ids.
 *
 * @example
 * const rules = defineRuleSet("secret", [{ id: "stripe-secret-key", description: "…", pattern: /sk_live_\w+/ }]);
 * rules.get("stripe-secret-key");
 */
export function defineRuleSet<R extends RuleMeta>(family: string, rules: readonly R[]): ReadonlyMap<string, R> {
  const registry = new Map<string, R>();
  for (const rule of rules) {
    if (!KEBAB_CASE.test(rule.id)) throw new Error(`${family} rule id "${rule.id}" is not kebab-case`);
    if (registry.has(rule.id)) throw new Error(`${family} rule id "${rule.id}" is defined twice`);
    if (!rule.description.trim()) throw new Error(`${family} rule "${rule.id}" has no description`);
    registry.set(rule.id, rule);
  }
  return registry;
}
