import { z } from "zod";

const percent = z.number().min(0).max(100);

const moduleConfig = z
  .object({
    /** Globs (relative to the working directory) of the module's files. */
    paths: z.array(z.string().min(1)).min(1),
    /** Minimum line coverage in percent (default: the section's threshold). */
    threshold: percent.optional(),
    /** Minimum branch coverage in percent (optional). */
    branches: percent.optional(),
  })
  .strict();

/**
 * The `coverage` section of crm-devex.config.
 *
 * @example
 * coverage:
 *   reports: [examples/crm/backend/coverage.xml, examples/crm/frontend/coverage/lcov.info]
 *   threshold: 80
 *   modules:
 *     auth: { paths: ["examples/crm/backend/app/auth/**"] }
 *     payments: { paths: ["examples/crm/backend/app/payments/**"], branches: 70 }
 */
export const coverageConfig = z
  .object({
    /** Report files or globs: LCOV, Cobertura, Clover, coverage.py JSON, Istanbul JSON, Go profiles. */
    reports: z.array(z.string().min(1)).min(1),
    /** Default minimum line coverage per module, percent (default 80). */
    threshold: percent.optional(),
    /** "lines" (default) or "lines+branches": coverage.py's "Cover" figure when branch coverage is on. */
    metric: z.enum(["lines", "lines+branches"]).optional(),
    /** Named modules, each gated on its own. Without modules, all covered files form one module "all". */
    modules: z.record(z.string().regex(/^[^=,\s]+$/, "module names have no spaces, '=' or ','"), moduleConfig).optional(),
    /** Report path prefix → repo path prefix, e.g. {"/app/": "examples/crm/backend/"}. */
    pathMap: z.record(z.string().min(1), z.string()).optional(),
    /** Count source files under a module's globs that no report mentions as 0% covered. */
    allFiles: z.boolean().optional(),
    /** Changed-line gate, used with --diff-base. */
    patch: z.object({ threshold: percent.optional() }).strict().optional(),
  })
  .strict();

export type CoverageConfig = z.infer<typeof coverageConfig>;
