/** Run a user's shell command (e.g. contractDiff.export) and keep the end of its output for errors. */
import { spawn } from "node:child_process";

export interface ShellOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines of stderr (or stdout when stderr is empty), for an error message. */
  tail: string;
}

const TAIL_LINES = 15;

function lastLines(text: string, count: number): string {
  const lines = text.replace(/\s+$/, "").split(/\r?\n/);
  return lines.slice(-count).join("\n");
}

/**
 * Run `command` with `sh -c` in `cwd`, stdin closed, output captured (never shown unless it fails).
 *
 * @example
 * const { exitCode, tail } = await runShellCommand("python -c 'print(1)' > out.txt", "/repo", process.env);
 */
export function runShellCommand(command: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs = 300_000): Promise<ShellOutcome> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("sh", ["-c", command], { cwd, env, stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs });
    let stdout = "";
    let stderr = "";
    // Keep a bounded amount: only the end is ever shown.
    const keep = (buffer: string, chunk: Buffer) => (buffer + chunk.toString("utf8")).slice(-64_000);
    child.stdout.on("data", (chunk: Buffer) => (stdout = keep(stdout, chunk)));
    child.stderr.on("data", (chunk: Buffer) => (stderr = keep(stderr, chunk)));
    child.on("error", reject);
    child.on("close", (exitCode, signal) => {
      resolvePromise({ exitCode, signal, tail: lastLines(stderr.trim() ? stderr : stdout, TAIL_LINES) });
    });
  });
}
