import { z } from "zod";

const percent = z.number().min(0).max(100);

/** Validated options of coverage-gate, shared by the CLI, `check` and the Action. */
export const coverageGateOptions = z.object({
  /** Report paths or globs, relative to the working directory. */
  reports: z.array(z.string().min(1)).min(1),
  /** Where the report list came from: explicit arguments must each match, config globs may miss (warned). */
  reportsFrom: z.enum(["arguments", "config"]),
  modules: z
    .array(z.object({ name: z.string().min(1), paths: z.array(z.string().min(1)).min(1), threshold: percent, branches: percent.optional() }))
    .min(1),
  /** What the percentage counts: lines, or lines and branches together (coverage.py's "Cover"). */
  metric: z.enum(["lines", "lines+branches"]).default("lines"),
  pathMaps: z.array(z.object({ from: z.string().min(1), to: z.string() })).default([]),
  allFiles: z.boolean().default(false),
  /** Git ref to gate changed lines against (merge base with HEAD). */
  diffBase: z.string().min(1).optional(),
  patchThreshold: percent,
  /** How many weakest files to list per module. */
  weakest: z.number().int().min(0).default(5),
});

export type CoverageGateOptions = z.infer<typeof coverageGateOptions>;
