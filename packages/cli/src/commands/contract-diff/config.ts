import { z } from "zod";

/**
 * The `contractDiff` section of crm-devex.config. Paths are relative to the
 * working directory; `base` may be a file, a URL or `git:REF:PATH` (PATH from
 * the repository root). Without `base`, check compares against the same file on
 * `origin/$GITHUB_BASE_REF`, `origin/main` or `main`, whichever exists.
 */
export const contractDiffConfig = z
  .object({
    /** The spec this branch serves, e.g. the committed `openapi.json`. */
    head: z.string().min(1).optional(),
    /** The spec to compare against. */
    base: z.string().min(1).optional(),
    /** Lowest change level that fails the gate (default breaking). */
    failOn: z.enum(["breaking", "warning", "info"]).optional(),
    /** YAML file of accepted breaks. */
    ignore: z.string().min(1).optional(),
    /** Client code directories to search for call sites of changed operations. */
    consumers: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  })
  .strict();

export type ContractDiffConfig = z.infer<typeof contractDiffConfig>;
