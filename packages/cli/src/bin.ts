#!/usr/bin/env node
import { processSink } from "./io/output.js";
import { runCli } from "./program.js";

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
