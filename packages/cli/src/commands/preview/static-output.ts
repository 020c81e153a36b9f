/**
 * What is deployed: the files of an already-built static output, hashed for Vercel's upload-by-SHA1 API.
 *
 * Two cleanings happen in memory (the user's directory is never touched):
 * - build settings in a `vercel.json` copied into the output (the example CRM writes one with headers, rewrites
 *   and CSP) are dropped: Vercel would otherwise try to build the output again, with no package.json to do it;
 * - with `--verify-pr` (a fork's artifact, deployed with the Vercel token) only static files reach Vercel:
 *   serverless functions, middleware, a package.json Vercel would build with the project's environment, and
 *   every vercel.json key outside a small allow-list are dropped, and the PR comment lists what was dropped.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { InputError } from "../../kernel/errors.js";

/** vercel.json keys that describe how to build, meaningless for output that is already built. */
export const BUILD_KEYS = ["buildCommand", "installCommand", "devCommand", "framework", "outputDirectory", "ignoreCommand"] as const;

/**
 * The vercel.json keys a fork's static preview keeps: they shape how static files are served and run no code.
 * `rewrites` keeps only internal ones (destination a path on the same deployment); an external destination
 * would make the preview's domain proxy any site the fork chooses.
 */
export const FORK_SAFE_VERCEL_KEYS = ["$schema", "headers", "cleanUrls", "trailingSlash", "rewrites"] as const;

/** Never uploaded (as `vercel deploy` leaves them out): VCS data, local Vercel state, dependencies, local env files. */
const ALWAYS_IGNORED = /^(?:\.git|\.hg|\.svn|\.vercel|\.now|node_modules|\.DS_Store|\.env\.local|\.env\..+\.local)$/;

/** A file of the deployment, as Vercel's create-deployment API lists it. */
export interface DeployFile {
  /** Path inside the deployment, with `/`. */
  file: string;
  sha: string;
  size: number;
  mode: number;
  data: Buffer;
}

export interface StaticOutput {
  files: DeployFile[];
  /** Build keys dropped from vercel.json. */
  droppedBuildKeys: string[];
  /** What `--verify-pr` kept from Vercel, one entry per kind (e.g. "api/ (2 files)", "vercel.json functions"). */
  droppedForFork: string[];
}

/** Why a path of a fork's output must not reach Vercel, or undefined when it is plain static content. */
export function serverSideReason(path: string): string | undefined {
  if (path.startsWith("api/")) return "api/";
  if (/^_?middleware\.(?:[cm]?[jt]s|[jt]sx)$/.test(path)) return path;
  if (path === "package.json") return "package.json";
  if (path === "now.json") return "now.json";
  return undefined;
}

/** An internal rewrite serves another path of the same deployment; anything with a scheme or host is external. */
const isInternalRewrite = (rule: unknown) => {
  const destination = (rule as { destination?: unknown } | null)?.destination;
  return typeof destination === "string" && destination.startsWith("/") && !destination.startsWith("//");
};

/** vercel.json reduced to the fork-safe allow-list, and the names of what was removed. */
export function forkSafeVercelConfig(config: Record<string, unknown>): { config: Record<string, unknown>; dropped: string[] } {
  const kept: Record<string, unknown> = {};
  const dropped: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (!(FORK_SAFE_VERCEL_KEYS as readonly string[]).includes(key)) {
      dropped.push(`vercel.json ${key}`);
      continue;
    }
    if (key === "rewrites" && Array.isArray(value)) {
      const internal = value.filter(isInternalRewrite);
      const external = value.length - internal.length;
      if (external > 0) dropped.push(`vercel.json rewrites to other hosts (${external})`);
      if (internal.length > 0) kept.rewrites = internal;
      continue;
    }
    kept[key] = value;
  }
  return { config: kept, dropped };
}

async function walk(root: string, directory: string, out: { path: string; file: string }[]): Promise<void> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (ALWAYS_IGNORED.test(entry.name)) continue;
    const path = join(directory, entry.name);
    // Follow symlinks (cp -R keeps them) but only to regular files and directories.
    const info = entry.isSymbolicLink() ? await stat(path).catch(() => undefined) : entry;
    if (!info) continue;
    if (info.isDirectory()) await walk(root, path, out);
    else if (info.isFile()) out.push({ path, file: relative(root, path).split(sep).join("/") });
  }
}

const fileOf = (file: string, data: Buffer, mode: number): DeployFile => ({ file, data, mode, size: data.length, sha: createHash("sha1").update(data).digest("hex") });

export async function prepareStaticOutput(directory: string, shown: string, options: { staticOnly: boolean }): Promise<StaticOutput> {
  const found: { path: string; file: string }[] = [];
  await walk(directory, directory, found);
  found.sort((a, b) => a.file.localeCompare(b.file));
  const files: DeployFile[] = [];
  const droppedByReason = new Map<string, number>();
  let droppedBuildKeys: string[] = [];
  const droppedConfig: string[] = [];
  for (const { path, file } of found) {
    if (options.staticOnly) {
      const reason = serverSideReason(file);
      if (reason) {
        droppedByReason.set(reason, (droppedByReason.get(reason) ?? 0) + 1);
        continue;
      }
    }
    const data = await readFile(path);
    const mode = (await stat(path)).mode;
    if (file !== "vercel.json") {
      files.push(fileOf(file, data, mode));
      continue;
    }
    let config: Record<string, unknown>;
    try {
      config = JSON.parse(data.toString("utf8")) as Record<string, unknown>;
    } catch (error) {
      throw new InputError(`invalid JSON: ${(error as Error).message}`, { file: join(shown, "vercel.json") });
    }
    if (typeof config !== "object" || config === null || Array.isArray(config)) throw new InputError("expected a JSON object", { file: join(shown, "vercel.json") });
    droppedBuildKeys = BUILD_KEYS.filter((key) => key in config);
    let cleaned = Object.fromEntries(Object.entries(config).filter(([key]) => !(BUILD_KEYS as readonly string[]).includes(key)));
    if (options.staticOnly) {
      const safe = forkSafeVercelConfig(cleaned);
      cleaned = safe.config;
      droppedConfig.push(...safe.dropped);
    }
    const changed = droppedBuildKeys.length > 0 || droppedConfig.length > 0;
    files.push(changed ? fileOf(file, Buffer.from(`${JSON.stringify(cleaned, null, 2)}\n`), mode) : fileOf(file, data, mode));
  }
  const droppedForFork = [...[...droppedByReason].map(([reason, count]) => (reason === "api/" ? `api/ (${count} file${count === 1 ? "" : "s"})` : reason)), ...droppedConfig];
  return { files, droppedBuildKeys, droppedForFork };
}
