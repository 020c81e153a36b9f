import { z } from "zod";

/** The `secretScan` section of crm-devex.config. */
export const secretScanConfig = z
  .object({
    /** Paths (files or directories, relative to the config's directory) that `check` and a bare `secret-scan` scan. Default ".". */
    paths: z.array(z.string().min(1)).optional(),
    /** Globs of files never scanned, e.g. "docs/fixtures/**". */
    exclude: z.array(z.string().min(1)).optional(),
    /** Fingerprints to ignore, one per line with an optional `# reason` (default .crm-devex-secret-ignore). */
    ignoreFile: z.string().min(1).optional(),
    /** A JSON report of an earlier run: its findings are accepted, only new ones fail. */
    baseline: z.string().min(1).optional(),
    /** Files larger than this many bytes are skipped (default 5 MiB). */
    maxFileBytes: z.number().int().positive().optional(),
  })
  .strict();

export type SecretScanConfig = z.infer<typeof secretScanConfig>;
