import { z } from "zod";

/** The `secretScan` section of crm-devex.config. */
export const secretScanConfig = z.object({}).strict();
