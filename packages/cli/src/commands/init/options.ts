import { z } from "zod";

export const initOptions = z.object({
  /** Write without asking. */
  yes: z.boolean(),
  /** Print the diff of what would be written; write nothing. */
  dryRun: z.boolean(),
  /** Ask on the terminal which files to write (a TTY and neither flag). */
  interactive: z.boolean(),
  /** Leave the git hook out. */
  hooks: z.boolean(),
  /** Leave the CI workflow out. */
  workflow: z.boolean(),
});

export type InitOptions = z.infer<typeof initOptions>;
