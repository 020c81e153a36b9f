/**
 * Map the paths a report wrote to files of this repository (relative to the
 * working directory), the way Codecov's path fixing does:
 * 1. normalise separators, `file://` and `..`; apply `--path-map FROM=TO` (longest FROM first);
 * 2. absolute paths: strip the working directory, `$GITHUB_WORKSPACE` and the git top level;
 *    relative paths: try them under the report's folder and its parents, the working
 *    directory, the git top level and each Cobertura `<source>` root;
 * 3. otherwise the longest unique suffix of the path among the repo's files (the LCOV of a
 *    sub-project is relative to that sub-project; a report from a container has its paths).
 * An ambiguous suffix maps to nothing rather than to a guess.
 */
import { posix } from "node:path";

export interface PathMap {
  from: string;
  to: string;
}

export interface PathContext {
  /** Absolute working directory, forward slashes. */
  cwd: string;
  /** Repository files relative to cwd. */
  repoFiles: readonly string[];
  /** Absolute git top level (forward slashes), if any. */
  gitTop?: string;
  /** $GITHUB_WORKSPACE (forward slashes), if set. */
  workspace?: string;
  pathMaps: readonly PathMap[];
}

export type MappedPath = { path: string; via: "exact" | "suffix" } | { path: undefined; ambiguous?: string[] };

function toSlashes(path: string): string {
  return path.replace(/\\/g, "/").replace(/^file:\/\//, "");
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith("/") || /^[A-Za-z]:\//.test(path);
}

/** `path` relative to `root` when it lies inside it (both absolute, forward slashes). */
function inside(root: string | undefined, path: string): string | undefined {
  if (!root) return undefined;
  const base = root.endsWith("/") ? root : `${root}/`;
  const fold = /^[A-Za-z]:\//.test(base);
  const matches = fold ? path.toLowerCase().startsWith(base.toLowerCase()) : path.startsWith(base);
  return matches ? path.slice(base.length) : undefined;
}

export class PathMapper {
  private readonly repo: Set<string>;
  private readonly byBasename = new Map<string, string[]>();
  private readonly maps: PathMap[];
  private readonly cache = new Map<string, MappedPath>();
  /** cwd relative to the git top level ("" when they are the same). */
  private readonly cwdInTop: string | undefined;

  constructor(private readonly context: PathContext) {
    this.repo = new Set(context.repoFiles);
    for (const file of context.repoFiles) {
      const name = posix.basename(file);
      const list = this.byBasename.get(name);
      if (list) list.push(file);
      else this.byBasename.set(name, [file]);
    }
    this.maps = context.pathMaps.map((map) => ({ from: toSlashes(map.from), to: toSlashes(map.to) })).sort((a, b) => b.from.length - a.from.length);
    this.cwdInTop = context.gitTop ? (inside(context.gitTop, context.cwd) ?? (context.gitTop === context.cwd ? "" : undefined)) : undefined;
  }

  /**
   * Map a report path. `sourceRoots` are the report's Cobertura `<source>` entries;
   * `reportDir` is the report's folder relative to cwd: tools write relative paths from
   * where they ran, usually that folder or one above it (`frontend/coverage/lcov.info`).
   */
  map(reportPath: string, sourceRoots: readonly string[] = [], reportDir = ""): MappedPath {
    const key = `${reportPath}\0${reportDir}\0${sourceRoots.join("\0")}`;
    let mapped = this.cache.get(key);
    if (!mapped) this.cache.set(key, (mapped = this.resolve(reportPath, sourceRoots, reportDir)));
    return mapped;
  }

  private applyMaps(path: string): string {
    for (const { from, to } of this.maps) {
      if (path === from) return to;
      if (path.startsWith(from.endsWith("/") ? from : `${from}/`)) return posix.join(to, path.slice(from.length).replace(/^\//, ""));
    }
    return path;
  }

  /** Top-level-relative → cwd-relative, or undefined when outside cwd. */
  private fromTop(relativeToTop: string): string | undefined {
    if (this.cwdInTop === undefined) return undefined;
    if (this.cwdInTop === "") return relativeToTop;
    return inside(`/${this.cwdInTop}`, `/${relativeToTop}`);
  }

  /** Absolute path → cwd-relative candidates. */
  private absoluteCandidates(path: string): string[] {
    const out: string[] = [];
    const inCwd = inside(this.context.cwd, path);
    if (inCwd !== undefined) out.push(inCwd);
    const inWorkspace = inside(this.context.workspace, path);
    if (inWorkspace !== undefined) {
      const fromTop = this.fromTop(inWorkspace);
      if (fromTop !== undefined) out.push(fromTop);
    }
    const inTop = inside(this.context.gitTop, path);
    if (inTop !== undefined) {
      const fromTop = this.fromTop(inTop);
      if (fromTop !== undefined) out.push(fromTop);
    }
    return out;
  }

  private resolve(reportPath: string, sourceRoots: readonly string[], reportDir: string): MappedPath {
    const path = posix.normalize(this.applyMaps(toSlashes(reportPath.trim())));
    const candidates: string[] = [];
    const suffixSources: string[] = [];
    if (isAbsolutePath(path)) {
      candidates.push(...this.absoluteCandidates(path));
      suffixSources.push(path);
    } else {
      for (let dir = reportDir.replace(/^\.?\/?$/, ""); dir && !dir.startsWith(".."); dir = posix.dirname(dir).replace(/^\.$/, "")) {
        candidates.push(posix.join(dir, path));
      }
      candidates.push(path);
      if (this.cwdInTop) {
        const fromTop = this.fromTop(path);
        if (fromTop !== undefined) candidates.push(fromTop);
      }
      for (const root of sourceRoots) {
        const joined = posix.normalize(posix.join(this.applyMaps(toSlashes(root)), path));
        if (isAbsolutePath(joined)) candidates.push(...this.absoluteCandidates(joined));
        else candidates.push(joined);
        // A root from another machine still narrows the suffix search (…/backend/app + auth/x.py).
        suffixSources.push(joined);
      }
      suffixSources.push(path);
    }
    for (const candidate of candidates) {
      const clean = posix.normalize(candidate).replace(/^\.\//, "");
      if (this.repo.has(clean)) return { path: clean, via: "exact" };
    }
    let ambiguous: string[] | undefined;
    for (const source of suffixSources) {
      const segments = source.split("/").filter((segment) => segment && segment !== "." && segment !== "..");
      for (let start = 0; start < segments.length; start++) {
        const suffix = segments.slice(start).join("/");
        const matches = (this.byBasename.get(segments[segments.length - 1]!) ?? []).filter((file) => file === suffix || file.endsWith(`/${suffix}`));
        if (matches.length === 1) return { path: matches[0]!, via: "suffix" };
        if (matches.length > 1) {
          ambiguous ??= matches.slice(0, 5);
          break;
        }
      }
    }
    return ambiguous ? { path: undefined, ambiguous } : { path: undefined };
  }
}

/** Parse `FROM=TO` (split at the first `=`; an empty TO strips the prefix). */
export function parsePathMap(text: string): PathMap | undefined {
  const index = text.indexOf("=");
  if (index <= 0) return undefined;
  return { from: text.slice(0, index).trim(), to: text.slice(index + 1).trim() };
}
