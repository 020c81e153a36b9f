/**
 * Where text comes from, per mode: the tracked tree (or every file when not in
 * git), the staged blobs, the added lines of history, or stdin. Each returns
 * findings and stats; detection itself is `scanText`.
 */
import { stat } from "node:fs/promises";
import { relative, sep } from "node:path";
import type { RunContext } from "../../cli/context.js";
import { InputError } from "../../kernel/errors.js";
import { resolveFrom } from "../../io/fs.js";
import { gitTopLevel } from "../../io/git.js";
import { listStagedFiles, readStagedBlobs, runGit, streamAddedLines } from "../../io/git-stream.js";
import { walkFiles } from "../../io/walk.js";
import { walkAllFiles } from "../../io/walk-all.js";
import { isDotEnvFile } from "./filters.js";
import type { SecretScanOptions } from "./options.js";
import { emptyStats, findingsOf, scanBytes, type ScanStats, type SecretFinding } from "./scan-files.js";
import { scanFilesParallel } from "./scan-worker.js";

export interface SourceResult {
  findings: SecretFinding[];
  stats: ScanStats;
  warnings: string[];
  /** What was scanned, in words, for the summary. */
  scope: string;
  /** When nothing could be examined: why, in words a user can act on (the default names the scope). */
  nothingToScan?: string;
}

function toPosix(path: string): string {
  return path.split(sep).join("/");
}

/** A matcher for the exclude globs; picomatch loads only when there are globs (start-up matters in a hook). */
async function excluder(globs: string[]): Promise<(file: string) => boolean> {
  if (globs.length === 0) return () => false;
  const { default: picomatch } = await import("picomatch");
  const match = picomatch(globs, { dot: true });
  return (file) => match(file);
}

/** The files a tree scan covers, relative to cwd. */
async function treeFiles(options: SecretScanOptions, ctx: RunContext): Promise<{ files: string[]; viaGit: boolean }> {
  const inGit = options.useGit && (await gitTopLevel(ctx.cwd)) !== undefined;
  const files = new Set<string>();
  for (const path of options.paths) {
    const absolute = resolveFrom(ctx.cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new InputError("path not found", { file: path });
    if (inGit) {
      const listed = (await runGit(ctx.cwd, ["ls-files", "-z", "--cached", "--", toPosix(relative(ctx.cwd, absolute)) || "."], path)).toString("utf8");
      for (const file of listed.split("\0")) if (file) files.add(file);
    } else if (info.isDirectory()) {
      // Outside git, skip dependencies and build output; --no-git asked for everything.
      const walked = options.useGit ? await walkFiles(absolute) : await walkAllFiles(absolute);
      for (const file of walked) files.add(toPosix(relative(ctx.cwd, resolveFrom(absolute, file))));
    } else {
      files.add(toPosix(relative(ctx.cwd, absolute)));
    }
  }
  return { files: [...files].sort(), viaGit: inGit };
}

async function scanTree(options: SecretScanOptions, ctx: RunContext): Promise<SourceResult> {
  const { files, viaGit } = await treeFiles(options, ctx);
  const excluded = await excluder(options.exclude);
  const selected = files.filter((file) => !excluded(file));
  const result = await scanFilesParallel(ctx.cwd, selected, options.maxFileBytes, options.parallel);
  if (result.unreadable.length) {
    const first = result.unreadable[0]!;
    throw new InputError(`cannot read file: ${first.reason}${result.unreadable.length > 1 ? ` (and ${result.unreadable.length - 1} more)` : ""}`, { file: first.file });
  }
  const warnings = result.missing.length
    ? [`${result.missing.length} tracked file(s) missing from the working tree, not scanned: ${result.missing.slice(0, 5).join(", ")}${result.missing.length > 5 ? ", …" : ""}`]
    : [];
  return { findings: result.findings, stats: result.stats, warnings, scope: viaGit ? "tracked files" : "files" };
}

async function scanStaged(options: SecretScanOptions, ctx: RunContext): Promise<SourceResult> {
  if (!(await gitTopLevel(ctx.cwd))) throw new InputError("--staged needs a git repository", { file: ctx.cwd });
  const excluded = await excluder(options.exclude);
  const staged = await listStagedFiles(ctx.cwd);
  const paths = staged.filter((file) => !excluded(file));
  const stats = emptyStats();
  const findings: SecretFinding[] = [];
  await readStagedBlobs(ctx.cwd, paths, (path, content) => findings.push(...scanBytes(content, path, options.maxFileBytes, stats)));
  // Deletions are not listed (nothing of theirs enters the commit), so a deletion-only index
  // leaves nothing to look at: say that rather than a bare "nothing to scan".
  const nothingToScan = staged.length === 0
    ? "nothing added or modified in the staged changes to scan (deletions only, or nothing staged)"
    : paths.length === 0 ? `every staged file added or modified is excluded (${options.exclude.join(", ")})` : undefined;
  return { findings, stats, warnings: [], scope: "staged files", ...(nothingToScan ? { nothingToScan } : {}) };
}

/** Bound on the added lines of one file in one commit held before scanning them. */
const HISTORY_CHUNK_BYTES = 1024 * 1024;

async function scanHistory(options: SecretScanOptions, ctx: RunContext): Promise<SourceResult> {
  if (!(await gitTopLevel(ctx.cwd))) throw new InputError("--history needs a git repository", { file: ctx.cwd });
  const excluded = await excluder(options.exclude);
  const stats = emptyStats();
  const findings: SecretFinding[] = [];
  const commits = new Set<string>();
  let commit = "";
  let file: string | undefined;
  let lines: string[] = [];
  let lineNumbers: number[] = [];
  let bytes = 0;
  const flush = (): void => {
    if (file !== undefined && lines.length) {
      const text = lines.join("\n");
      stats.bytes += text.length;
      // Scan the added lines as one text (multi-line keys span lines), then map
      // positions back to the line numbers of the file at that commit.
      for (const finding of findingsOf(text, file, commit)) {
        if (finding.line === 0) continue;
        findings.push({ ...finding, line: lineNumbers[finding.line - 1]! });
      }
    }
    lines = [];
    lineNumbers = [];
    bytes = 0;
  };
  await streamAddedLines(ctx.cwd, options.since, (event) => {
    if (event.kind === "commit") {
      flush();
      commit = event.sha;
      commits.add(commit);
      file = undefined;
    } else if (event.kind === "file") {
      flush();
      file = excluded(event.path) ? undefined : event.path;
      if (file !== undefined) {
        stats.files++;
        if (isDotEnvFile(file)) findings.push(...findingsOf("", file, commit));
      }
    } else if (file !== undefined) {
      lines.push(event.text);
      lineNumbers.push(event.line);
      bytes += event.text.length;
      if (bytes > HISTORY_CHUNK_BYTES) flush();
    }
  });
  flush();
  return {
    findings: collapseHistory(findings),
    stats,
    warnings: [],
    scope: `added lines in ${commits.size} commit${commits.size === 1 ? "" : "s"}${options.since ? ` since ${options.since}` : ""}`,
  };
}

/**
 * One finding per (file, fingerprint) over the whole history, not one per commit
 * that touched it: `git log` streams newest first, so the first sighting is the
 * last commit and the final one the commit that introduced it (whose line is kept).
 */
export function collapseHistory(findings: SecretFinding[]): SecretFinding[] {
  const byKey = new Map<string, SecretFinding>();
  for (const finding of findings) {
    const key = `${finding.file}\0${finding.fingerprint}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...finding, lastCommit: finding.commit, commits: 1 });
      continue;
    }
    // An older sighting: it becomes the introducing commit and location.
    byKey.set(key, { ...finding, lastCommit: seen.lastCommit, commits: (seen.commits ?? 1) + 1 });
  }
  return [...byKey.values()];
}

async function scanStdin(options: SecretScanOptions, ctx: RunContext): Promise<SourceResult> {
  const text = await ctx.readStdin();
  const stats = emptyStats();
  const findings = scanBytes(Buffer.from(text, "utf8"), options.stdinName, options.maxFileBytes, stats);
  return { findings, stats, warnings: [], scope: "standard input" };
}

/** Run the source the options select. */
export function collect(options: SecretScanOptions, ctx: RunContext): Promise<SourceResult> {
  switch (options.mode) {
    case "tree":
      return scanTree(options, ctx);
    case "staged":
      return scanStaged(options, ctx);
    case "history":
      return scanHistory(options, ctx);
    case "stdin":
      return scanStdin(options, ctx);
  }
}
