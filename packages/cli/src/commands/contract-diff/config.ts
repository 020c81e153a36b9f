import { z } from "zod";

/** The `contractDiff` section of crm-devex.config. */
export const contractDiffConfig = z.object({}).strict();
