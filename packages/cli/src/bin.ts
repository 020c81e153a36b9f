#!/usr/bin/env node
import { processSink } from "./io/output.js";
import { runCli } from "./program.js";

// `crm-devex … | head` closes the pipe early; that is the reader's choice, not an
// error worth a stack trace. Stop writing and keep the exit code already decided.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

/** The only place that reads argv and sets the process exit code. */
async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    env: process.env,
    processCwd: process.cwd(),
    sink: processSink,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
  });
}

void main();
