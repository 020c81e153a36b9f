import { z } from "zod";

/** Where the text to scan comes from. */
export const SCAN_MODES = ["tree", "staged", "history", "stdin"] as const;
export type ScanMode = (typeof SCAN_MODES)[number];

export const DEFAULT_IGNORE_FILE = ".crm-devex-secret-ignore";
export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Options of `secret-scan`, shared by the CLI, `check` and the Action. */
export const secretScanOptions = z.object({
  mode: z.enum(SCAN_MODES),
  /** tree mode: files or directories relative to cwd. */
  paths: z.array(z.string()).default(["."]),
  /** tree mode: only git-tracked files when inside a repository (false: every file under the paths). */
  useGit: z.boolean().default(true),
  /** history mode: scan `since..HEAD` only. */
  since: z.string().optional(),
  exclude: z.array(z.string()).default([]),
  ignoreFile: z.string().default(DEFAULT_IGNORE_FILE),
  /** An explicitly named ignore file must exist; the default one may be absent. */
  ignoreFileRequired: z.boolean().default(false),
  baseline: z.string().optional(),
  maxFileBytes: z.number().int().positive().default(DEFAULT_MAX_FILE_BYTES),
  /** stdin mode: the name findings are reported under (also decides lockfile/.env handling). */
  stdinName: z.string().default("<stdin>"),
  /** Use a worker thread for large trees (false in tests that want one thread). */
  parallel: z.boolean().default(true),
});

export type SecretScanOptions = z.infer<typeof secretScanOptions>;
