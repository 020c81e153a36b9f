import { z } from "zod";

/** The `coverage` section of crm-devex.config. */
export const coverageConfig = z.object({}).strict();
