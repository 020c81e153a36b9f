import { z } from "zod";

/** Options of `contract-diff`, shared by the CLI, `check` and the Action. */
export const contractDiffOptions = z.object({
  /** File path, http(s) URL or git:REF:PATH. */
  base: z.string().min(1),
  head: z.string().min(1),
  failOn: z.enum(["breaking", "warning", "info"]).default("breaking"),
  ignore: z.string().min(1).optional(),
  consumers: z.array(z.string().min(1)).default([]),
  /**
   * Set when the base was derived (not given): a base revision without the
   * file means the spec is new, which passes with a note instead of failing.
   */
  baseMayBeMissing: z.boolean().default(false),
});

export type ContractDiffOptions = z.infer<typeof contractDiffOptions>;
