// Helpers for the browser test: free ports, the backend process and its JSON log, and users.
import { execFile, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";

const execFileAsync = promisify(execFile);

/** @returns {Promise<number>} a port that was free a moment ago on 127.0.0.1 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

/**
 * Start `examples/crm/backend/serve` and collect its stdout (one JSON object per line).
 * @param {{ serve: string, port: number, env: Record<string, string> }} options
 */
export function startBackend({ serve, port, env }) {
  const child = spawn(serve, [], {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  /** @type {Record<string, unknown>[]} */
  const logLines = [];
  /** @type {string[]} */
  const rawLines = [];
  /** @type {{ match: (line: Record<string, unknown>) => boolean, found: (line: Record<string, unknown>) => void }[]} */
  let logWaiters = [];
  let stderr = "";
  let pending = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => {
    pending += String(chunk);
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line.trim() === "") continue;
      rawLines.push(line);
      /** @type {Record<string, unknown>} */
      let parsed;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = { unparsed: line };
      }
      logLines.push(parsed);
      logWaiters = logWaiters.filter((waiter) => {
        if (!waiter.match(parsed)) return true;
        waiter.found(parsed);
        return false;
      });
    }
  });
  child.stderr.setEncoding("utf8").on("data", (chunk) => {
    stderr += String(chunk);
  });
  const exited = new Promise((resolve) => {
    child.once("exit", (code, signal) => {
      resolve({ code, signal });
    });
  });
  return {
    child,
    logLines,
    rawLines,
    stderr: () => stderr,
    exited,
    /**
     * The first log line matching `match`, already logged or still to come. The API writes a
     * request's line after it has sent the response, so a test that has the response in hand
     * may be ahead of the line: wait for it (bounded) instead of reading logLines at once.
     * @param {(line: Record<string, unknown>) => boolean} match
     * @param {string} what described in the timeout error
     * @returns {Promise<Record<string, unknown>>}
     */
    waitForLogLine(match, what, timeoutMs = 10_000) {
      const seen = logLines.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const entry = {
          match,
          found: (/** @type {Record<string, unknown>} */ line) => {
            clearTimeout(timer);
            resolve(line);
          },
        };
        // `found` runs only once the entry is pushed, after `timer` is set.
        const timer = setTimeout(() => {
          logWaiters = logWaiters.filter((waiter) => waiter !== entry);
          reject(new Error(`no API log line for ${what} within ${timeoutMs} ms`));
        }, timeoutMs);
        logWaiters.push(entry);
      });
    },
    async stop() {
      const running = () => child.exitCode === null && child.signalCode === null;
      if (!running() || child.pid === undefined) return;
      const signalGroup = (/** @type {NodeJS.Signals} */ signal) => {
        try {
          // The whole group: serve execs python, and uvicorn may have children.
          process.kill(-(/** @type {number} */ (child.pid)), signal);
        } catch {
          /* already gone */
        }
      };
      signalGroup("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
      if (running()) signalGroup("SIGKILL");
    },
  };
}

/**
 * Poll `url` until it answers 2xx, the process exits, or `timeoutMs` passes.
 * @param {string} url
 * @param {{ exited: Promise<unknown>, stderr: () => string }} backend
 */
export async function waitForHttp(url, backend, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void backend.exited.then(() => {
    exited = true;
  });
  let lastError = "";
  while (Date.now() < deadline) {
    if (exited) throw new Error(`backend exited before answering ${url}:\n${backend.stderr()}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await sleep(250);
  }
  throw new Error(`backend did not answer ${url} within ${timeoutMs} ms (${lastError}):\n${backend.stderr()}`);
}

/**
 * Create a login with the backend's own CLI, as an operator would: `python -m app create-user`
 * with the password in CRM_NEW_USER_PASSWORD. Needs the venv that `serve` bootstraps, so call
 * it once the backend answers.
 * @param {{ backendDir: string, env: Record<string, string>, email: string, fullName: string, role: string, password: string }} options
 */
export async function createUser({ backendDir, env, email, fullName, role, password }) {
  const python = join(backendDir, ".venv", "bin", "python");
  const args = ["-m", "app", "create-user", "--email", email, "--full-name", fullName, "--role", role];
  try {
    await execFileAsync(python, args, { cwd: backendDir, env: { ...process.env, ...env, CRM_NEW_USER_PASSWORD: password }, timeout: 60_000 });
  } catch (error) {
    const detail = /** @type {{ stderr?: string }} */ (error).stderr ?? String(error);
    throw new Error(`python -m app create-user --email ${email} --role ${role} failed:\n${detail}`);
  }
}
