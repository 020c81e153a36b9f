/** The rule catalogue: every family in one id-indexed registry (provider rules first, generic last). */
import { defineRuleSet } from "../../../kernel/rule.js";
import { aiRules } from "./ai.js";
import { anchoredRules } from "./anchored.js";
import { cloudRules } from "./cloud.js";
import { configRules } from "./config.js";
import { deployRules } from "./deploy.js";
import { genericRules } from "./generic.js";
import { messagingRules } from "./messaging.js";
import { monitoringRules } from "./monitoring.js";
import { paymentRules } from "./payment.js";
import { prefixedRules } from "./prefixed.js";
import { registryRules } from "./registry.js";
import { saasRules } from "./saas.js";
import type { SecretRule } from "./types.js";
import { vcsRules } from "./vcs.js";

export const SECRET_RULES: ReadonlyMap<string, SecretRule> = defineRuleSet("secret", [
  ...cloudRules,
  ...vcsRules,
  ...paymentRules,
  ...messagingRules,
  ...aiRules,
  ...registryRules,
  ...monitoringRules,
  ...deployRules,
  ...saasRules,
  ...prefixedRules,
  // Provider-name anchored keys after every prefixed format: a prefixed token near a provider name is the prefixed rule's.
  ...anchoredRules,
  ...configRules,
  ...genericRules,
]);

export type { SecretRule, RuleFamily } from "./types.js";
export { fakeSecrets, type FakeSecrets } from "./fake.js";
