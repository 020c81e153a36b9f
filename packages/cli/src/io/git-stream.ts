/**
 * Streaming git access for scanners: staged blobs through one `git cat-file
 * --batch` process, and history through `git log -p` read line by line, so
 * memory stays bounded however large the repository is.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { InputError } from "../kernel/errors.js";

/** Run git to completion and return stdout; a failure becomes an InputError quoting git's message. */
export function runGit(cwd: string, args: string[], what: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    let err = "";
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => void (err += chunk.toString()));
    child.on("error", (error) => reject(new InputError(`cannot run git (${error.message})`, { file: what }, { cause: error })));
    child.on("close", (code) => {
      if (code === 0) resolve(Buffer.concat(out));
      else reject(new InputError(`git ${args[0]} failed: ${firstLine(err) || `exit code ${code}`}`, { file: what }));
    });
  });
}

function firstLine(text: string): string {
  return (text.split("\n").find((line) => line.trim()) ?? "").replace(/^(?:fatal|error):\s*/, "").trim();
}

/** Paths staged for commit (added, copied, modified, renamed), relative to `cwd` and limited to it. */
export async function listStagedFiles(cwd: string): Promise<string[]> {
  const output = await runGit(cwd, ["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--relative", "--no-renames"], "git index");
  return output.toString("utf8").split("\0").filter(Boolean);
}

/** The directory of `cwd` relative to the repository top (`git rev-parse --show-prefix`), e.g. `packages/cli/`. */
export async function gitPrefix(cwd: string): Promise<string> {
  return (await runGit(cwd, ["rev-parse", "--show-prefix"], "git")).toString("utf8").trim();
}

/**
 * Read the staged (index) content of each path through a single `git cat-file
 * --batch`; `onBlob` gets each one as it arrives. Paths are relative to `cwd`.
 */
export async function readStagedBlobs(cwd: string, paths: string[], onBlob: (path: string, content: Buffer) => void): Promise<void> {
  if (paths.length === 0) return;
  const prefix = await gitPrefix(cwd);
  await new Promise<void>((resolve, reject) => {
    const child = spawn("git", ["cat-file", "--batch"], { cwd, stdio: ["pipe", "pipe", "pipe"] });
    let pending: Buffer = Buffer.alloc(0);
    let index = 0;
    let err = "";
    let failure: Error | undefined;
    child.stderr.on("data", (chunk: Buffer) => void (err += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      for (;;) {
        const newline = pending.indexOf(10);
        if (newline === -1 || index >= paths.length) return;
        const header = pending.subarray(0, newline).toString("utf8");
        if (header.endsWith(" missing") || header.endsWith(" ambiguous")) {
          failure ??= new InputError("staged blob is missing from the index", { file: paths[index]! });
          pending = pending.subarray(newline + 1);
          index++;
          continue;
        }
        const size = Number(header.split(" ")[2]);
        if (pending.length < newline + 1 + size + 1) return;
        onBlob(paths[index]!, pending.subarray(newline + 1, newline + 1 + size));
        pending = pending.subarray(newline + 1 + size + 1);
        index++;
      }
    });
    child.on("error", (error) => reject(new InputError(`cannot run git (${error.message})`, { file: "git index" }, { cause: error })));
    child.on("close", (code) => {
      if (failure) reject(failure);
      else if (code !== 0) reject(new InputError(`git cat-file failed: ${firstLine(err) || `exit code ${code}`}`, { file: "git index" }));
      else if (index < paths.length) reject(new InputError("git cat-file ended early", { file: paths[index]! }));
      else resolve();
    });
    child.stdin.on("error", () => undefined);
    child.stdin.end(paths.map((path) => `:${prefix}${path}\n`).join(""));
  });
}

/** One event of a streamed `git log -p`. */
export type HistoryEvent =
  | { kind: "commit"; sha: string }
  | { kind: "file"; path: string; isNew: boolean }
  | { kind: "added"; line: number; text: string };

/**
 * Every added line in the history of HEAD (or `since..HEAD`), streamed: `onEvent`
 * is called per commit, per file and per added line, never holding the whole log.
 */
export async function streamAddedLines(cwd: string, since: string | undefined, onEvent: (event: HistoryEvent) => void | Promise<void>): Promise<void> {
  if (since) await runGit(cwd, ["rev-parse", "--verify", "--quiet", `${since}^{commit}`], `--since ${since}`).catch(() => {
    throw new InputError(`not a commit in this repository`, { file: `--since ${since}` });
  });
  const args = ["-c", "core.quotePath=false", "log", "-p", "-U0", "--no-color", "--no-ext-diff", "--no-renames", "--relative", "--format=%x01%H"];
  if (since) args.push(`${since}..HEAD`);
  const child = spawn("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr.on("data", (chunk: Buffer) => void (err += chunk.toString()));
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on("error", (error) => reject(new InputError(`cannot run git (${error.message})`, { file: "git history" }, { cause: error })));
    child.on("close", resolve);
  });
  const lines = createInterface({ input: child.stdout, crlfDelay: Infinity });
  let inHeader = false;
  let isNew = false;
  let nextLine = 0;
  for await (const line of lines) {
    if (line.startsWith("\x01")) {
      inHeader = false;
      await onEvent({ kind: "commit", sha: line.slice(1) });
    } else if (line.startsWith("diff --git ")) {
      inHeader = true;
      isNew = false;
    } else if (inHeader) {
      if (line.startsWith("new file mode")) isNew = true;
      else if (line.startsWith("+++ ")) {
        const target = unquote(line.slice(4));
        if (target !== "/dev/null") await onEvent({ kind: "file", path: target.replace(/^b\//, ""), isNew });
      } else if (line.startsWith("@@")) {
        inHeader = false;
        nextLine = hunkStart(line);
      }
    } else if (line.startsWith("@@")) {
      nextLine = hunkStart(line);
    } else if (line.startsWith("+")) {
      await onEvent({ kind: "added", line: nextLine++, text: line.slice(1) });
    }
  }
  const code = await closed;
  // An empty repository has no HEAD yet: nothing to scan, not an error.
  if (code !== 0 && !/does not have any commits yet|unknown revision or path not in the working tree/.test(err)) {
    throw new InputError(`git log failed: ${firstLine(err) || `exit code ${code}`}`, { file: "git history" });
  }
}

function hunkStart(header: string): number {
  const match = /\+(\d+)/.exec(header.slice(2));
  return match ? Number(match[1]) : 1;
}

function unquote(path: string): string {
  if (!path.startsWith('"')) return path;
  try {
    return JSON.parse(path) as string;
  } catch {
    return path.slice(1, -1);
  }
}
