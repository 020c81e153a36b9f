import { z } from "zod";

/**
 * The `contractDiff` section of crm-devex.config. Paths are relative to the
 * working directory; `base` may be a git ref (`origin/develop`), a file, a URL or
 * `git:REF:PATH` (PATH from the repository root). Without `base`, the same file is
 * compared on `origin/$GITHUB_BASE_REF`, else `origin/HEAD`, `origin/main`,
 * `origin/master`, `main`, `master` — the first that exists.
 */
export const contractDiffConfig = z
  .object({
    /** The spec this branch serves, e.g. the committed `openapi.json`. */
    head: z.string().min(1).optional(),
    /** The base: a git ref (the same file at that ref), or a spec as a file, URL or git:REF:PATH. */
    base: z.string().min(1).optional(),
    /**
     * A shell command that writes the spec to `head`, for specs that are generated, not
     * committed. Run with `sh -c` in the working directory (the config's folder) for the head,
     * and in the same folder of a temporary `git worktree` of the base commit for the base.
     * A non-zero exit fails the run (exit 2) with the end of its stderr.
     */
    export: z.string().min(1).optional(),
    /** Lowest change level that fails the gate (default breaking). */
    failOn: z.enum(["breaking", "warning", "info"]).optional(),
    /** YAML file of accepted breaks. */
    ignore: z.string().min(1).optional(),
    /** Client code directories to search for call sites of changed operations. */
    consumers: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  })
  .strict();

export type ContractDiffConfig = z.infer<typeof contractDiffConfig>;
