import { z } from "zod";

/** The `errorBudget` section of crm-devex.config. */
export const errorBudgetConfig = z.object({}).strict();

/** The top-level `slos` list of crm-devex.config. */
export const slosConfig = z.array(z.object({}).strict());
