import { z } from "zod";

/** The `env` section of crm-devex.config. */
export const envConfig = z.object({}).strict();
