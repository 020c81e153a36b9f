import { z } from "zod";

export const hooksInstallOptions = z.object({
  /** Command line that runs crm-devex inside the hook (default: the checkout's local install, then PATH). */
  runner: z.string().optional(),
});

export type HooksInstallOptions = z.infer<typeof hooksInstallOptions>;
