import { z } from "zod";
import { contractDiffConfig } from "../commands/contract-diff/config.js";
import { coverageConfig } from "../commands/coverage-gate/config.js";
import { envConfig } from "../commands/env-validate/config.js";
import { errorBudgetConfig, slosConfig } from "../commands/error-budget/config.js";
import { previewConfig } from "../commands/preview/config.js";
import { secretScanConfig } from "../commands/secret-scan/config.js";

/** Names of the gates `check` knows, in the order it reports them. */
export const GATE_NAMES = ["contract-diff", "env-validate", "secret-scan", "coverage-gate", "error-budget"] as const;
export type GateName = (typeof GATE_NAMES)[number];

const checkConfig = z
  .object({
    /** Gates `check` leaves out, as if passed --skip. */
    skip: z.array(z.enum(GATE_NAMES)).optional(),
  })
  .strict();

/**
 * The whole `crm-devex.config.*`. Each command owns its section's schema; an
 * unknown key anywhere is an error, because a typo silently ignored is a gate
 * silently off.
 */
export const configSchema = z
  .object({
    $schema: z.string().optional(),
    contractDiff: contractDiffConfig.optional(),
    env: envConfig.optional(),
    secretScan: secretScanConfig.optional(),
    coverage: coverageConfig.optional(),
    slos: slosConfig.optional(),
    errorBudget: errorBudgetConfig.optional(),
    preview: previewConfig.optional(),
    check: checkConfig.optional(),
  })
  .strict();

export type CrmDevexConfig = z.infer<typeof configSchema>;
