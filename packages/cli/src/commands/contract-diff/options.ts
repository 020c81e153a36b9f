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
  /** The git ref the base was read at, and how it was chosen; shown in the report. */
  baseRef: z.object({ ref: z.string().min(1), chosenBy: z.string().min(1) }).optional(),
  /**
   * contractDiff.export: the shell command that writes `head`. Set only with a derived or
   * ref base: the command runs in the work tree (head) and a worktree of `baseRef` (base).
   */
  export: z.string().min(1).optional(),
  /**
   * Set when the head is a file in a git repository and the base was derived: a head spec
   * that git does not track can never exist on the base branch, so comparing it would
   * pass forever. Without `export`, that fails the gate with the fix.
   */
  requireTracked: z.boolean().default(false),
});

export type ContractDiffOptions = z.infer<typeof contractDiffOptions>;
