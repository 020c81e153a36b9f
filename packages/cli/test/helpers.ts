import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach } from "vitest";
import { runCli } from "../src/program.js";

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the CLI in-process, as a user would type it, capturing output.
 *
 * @example
 * const { exitCode, stderr } = await runCommand(["contract-diff", "a.yaml", "b.yaml"], { cwd });
 */
export async function runCommand(
  argv: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdin?: string; tty?: boolean } = {},
): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const exitCode = await runCli(argv, {
    env: options.env ?? { PATH: process.env.PATH, HOME: process.env.HOME },
    processCwd: options.cwd ?? process.cwd(),
    stdoutIsTTY: options.tty ?? false,
    sink: {
      stdout: (text) => void (stdout += text),
      stderr: (text) => void (stderr += text),
    },
    readStdin: async () => options.stdin ?? "",
  });
  return { exitCode, stdout, stderr };
}

/** A temporary directory holding the given files (path → content); removed by the returned cleanup. */
export async function makeTree(files: Record<string, string>): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "crm-devex-test-"));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A `tree(files)` for one test file: each call is a {@link makeTree} whose directory is removed
 * after the test that made it, so a failing test leaves nothing in the temp folder either.
 * Call it at the top level of the file (it registers an `afterEach`).
 *
 * @example
 * const tree = tempTrees();
 * it("…", async () => { const dir = await tree({ ".env.example": "PORT=8000\n" }); … });
 */
export function tempTrees(): (files: Record<string, string>) => Promise<string> {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    while (cleanups.length) await cleanups.pop()!();
  });
  return async (files) => {
    const { dir, cleanup } = await makeTree(files);
    cleanups.push(cleanup);
    return dir;
  };
}
