import { z } from "zod";

/** The `preview` section of crm-devex.config. */
export const previewConfig = z.object({}).strict();
