import { appendFile } from "node:fs/promises";
import { InputError } from "../kernel/errors.js";
import { writeFileAtomic } from "./fs.js";

/** Where a command's report goes: stdout always, a file when --output is given. */
export interface ReportSink {
  stdout(text: string): void;
  stderr(text: string): void;
}

export const processSink: ReportSink = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
};

/** Write the report to --output (atomically, so a failed run never leaves half a report). */
export async function writeReportFile(path: string, report: string): Promise<void> {
  await writeFileAtomic(path, report);
}

/** Append Markdown to the GitHub job summary file when running inside Actions. */
export async function appendStepSummary(env: NodeJS.ProcessEnv, markdown: string): Promise<boolean> {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return false;
  try {
    await appendFile(path, `${markdown}\n`);
    return true;
  } catch (error) {
    throw new InputError(`cannot append the job summary: ${(error as Error).message}`, { file: path }, { cause: error });
  }
}
