import { UsageError } from "../../kernel/errors.js";
import { defineCommand, type RawFlags } from "../../cli/define-command.js";
import type { RunContext } from "../../cli/context.js";
import { DEFAULT_IGNORE_FILE, secretScanOptions, type ScanMode, type SecretScanOptions } from "./options.js";

function list(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

/** Flags win over the `secretScan` config section. */
function resolveOptions(args: string[], flags: RawFlags, ctx: RunContext): SecretScanOptions {
  const section = ctx.config.secretScan ?? {};
  const modes = (["staged", "history", "stdin"] as const).filter((mode) => flags[mode]);
  if (modes.length > 1) throw new UsageError(`--${modes.join(" and --")} cannot be combined: choose one source`);
  const mode: ScanMode = modes[0] ?? "tree";
  if (mode !== "tree" && args.length) throw new UsageError(`--${mode} scans ${mode === "stdin" ? "standard input" : "git"}, not paths: drop ${args.join(" ")}`);
  if (flags.since !== undefined && mode !== "history") throw new UsageError("--since only applies to --history");
  if (flags.stdinName !== undefined && mode !== "stdin") throw new UsageError("--stdin-name only applies to --stdin");
  if (flags.git === false && mode !== "tree") throw new UsageError("--no-git only applies to a tree scan");
  let maxFileBytes = section.maxFileBytes;
  if (flags.maxFileSize !== undefined) {
    const parsed = Number(flags.maxFileSize);
    if (!Number.isInteger(parsed) || parsed <= 0) throw new UsageError(`--max-file-size ${String(flags.maxFileSize)}: expected a positive number of bytes`);
    maxFileBytes = parsed;
  }
  const ignoreFile = (flags.ignoreFile as string | undefined) ?? section.ignoreFile;
  return secretScanOptions.parse({
    mode,
    paths: args.length ? args : (section.paths ?? ["."]),
    useGit: flags.git !== false,
    since: flags.since,
    exclude: [...(section.exclude ?? []), ...list(flags.exclude)],
    ignoreFile: ignoreFile ?? DEFAULT_IGNORE_FILE,
    ignoreFileRequired: ignoreFile !== undefined,
    // --no-baseline (commander: baseline === false) switches a configured baseline off for this run.
    baseline: flags.baseline === false ? undefined : ((flags.baseline as string | undefined) ?? section.baseline),
    maxFileBytes,
    stdinName: flags.stdinName,
  });
}

export const secretScanCommand = defineCommand<SecretScanOptions>({
  name: "secret-scan",
  description: "Find secrets and .env files in the repo, the staged changes or git history",
  formats: ["text", "json", "markdown", "github", "sarif"],
  configure: (command) =>
    void command
      .argument("[paths...]", "files or directories to scan (default: config secretScan.paths, else .)")
      .option("--staged", "scan the staged blobs (what the commit will contain), not the working tree")
      .option("--history", "scan every line ever added in the git history of HEAD, streamed")
      .option("--since <ref>", "with --history: only commits after REF (REF..HEAD)")
      .option("--stdin", "scan standard input")
      .option("--stdin-name <name>", "with --stdin: the file name to report (decides .env and lockfile handling)")
      .option("--no-git", "scan every file under the paths (node_modules and build output included), not only the git-tracked ones")
      .option("--exclude <glob...>", "skip files matching these globs (added to config secretScan.exclude)")
      .option("--ignore-file <file>", `fingerprints to ignore, one per line with a # reason (default: ${DEFAULT_IGNORE_FILE} when present)`)
      .option("--baseline <file>", "JSON report of an earlier run: only findings not in it fail (default: config secretScan.baseline)")
      .option("--no-baseline", "ignore a configured secretScan.baseline: every finding fails")
      .option("--max-file-size <bytes>", "skip files larger than this (default 5242880)"),
  options: (args, flags, ctx) => resolveOptions(args, flags, ctx),
  load: () => import("./index.js"),
  forCheck: async (ctx) => resolveOptions([], {}, ctx),
});
