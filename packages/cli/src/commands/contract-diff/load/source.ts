/** Where a spec comes from: a file, an http(s) URL or `git:REF:PATH`, and how relative `$ref`s resolve against it. */
import { dirname, posix, resolve } from "node:path";
import { UsageError } from "../../../kernel/errors.js";
import { displayPath, readTextFile, resolveFrom } from "../../../io/fs.js";
import { fetchText } from "../../../io/http.js";
import { readFileAtRevision } from "../../../io/git.js";

export type SpecSource =
  | { kind: "file"; path: string; shownAs: string }
  | { kind: "url"; url: string; shownAs: string }
  | { kind: "git"; ref: string; path: string; shownAs: string };

/**
 * Parse a BASE/HEAD argument.
 *
 * @example
 * parseSourceArgument("git:origin/main:openapi.json", "/repo") // { kind: "git", ref: "origin/main", path: "openapi.json", … }
 */
export function parseSourceArgument(argument: string, cwd: string): SpecSource {
  if (argument.startsWith("git:")) {
    const rest = argument.slice(4);
    const colon = rest.indexOf(":");
    if (colon <= 0 || colon === rest.length - 1) {
      throw new UsageError(`${argument}: expected git:REF:PATH, e.g. git:origin/main:openapi.json`);
    }
    return { kind: "git", ref: rest.slice(0, colon), path: rest.slice(colon + 1), shownAs: argument };
  }
  if (/^https?:\/\//i.test(argument)) return { kind: "url", url: argument, shownAs: argument };
  const path = resolveFrom(cwd, argument);
  return { kind: "file", path, shownAs: displayPath(cwd, path) };
}

/** The text of a source (file, URL or a file at a git revision). Errors name the source. */
export async function readSource(source: SpecSource, cwd: string): Promise<string> {
  switch (source.kind) {
    case "file":
      return readTextFile(source.path, source.shownAs);
    case "url":
      return fetchText(source.url);
    case "git":
      return readFileAtRevision(cwd, source.ref, source.path);
  }
}

/** The source a relative (or absolute) `$ref` target names, seen from `from`. */
export function relativeSource(from: SpecSource, target: string, cwd: string): SpecSource {
  if (/^https?:\/\//i.test(target)) return { kind: "url", url: target, shownAs: target };
  switch (from.kind) {
    case "file": {
      const path = resolve(dirname(from.path), decodeURIComponent(target));
      return { kind: "file", path, shownAs: displayPath(cwd, path) };
    }
    case "url": {
      const url = new URL(target, from.url).href;
      return { kind: "url", url, shownAs: url };
    }
    case "git": {
      // Keep git's "./" (relative to the working directory) when the spec was named that way.
      const joined = posix.normalize(posix.join(posix.dirname(from.path), decodeURIComponent(target)));
      const path = from.path.startsWith("./") && !joined.startsWith("../") ? `./${joined}` : joined;
      return { kind: "git", ref: from.ref, path, shownAs: `git:${from.ref}:${path}` };
    }
  }
}

/** A stable key for a source, used as the document URI inside a spec. */
export function sourceKey(source: SpecSource): string {
  switch (source.kind) {
    case "file":
      return source.path;
    case "url":
      return source.url;
    case "git":
      return `git:${source.ref}:${source.path}`;
  }
}
