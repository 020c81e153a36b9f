import { randomBytes } from "node:crypto";
import { appendFile } from "node:fs/promises";
import { InputError } from "../kernel/errors.js";

/**
 * Set step outputs the way `@actions/core` does: append `name<<DELIMITER` blocks to `$GITHUB_OUTPUT`, with a
 * random delimiter so no value can end the block early and inject another output. No-op outside Actions.
 *
 * @example
 * await setOutputs(ctx.env, { "preview-url": "https://crm-pr-12.vercel.app" });
 */
export async function setOutputs(env: NodeJS.ProcessEnv, outputs: Record<string, string>): Promise<boolean> {
  const path = env.GITHUB_OUTPUT;
  if (!path) return false;
  let text = "";
  for (const [name, value] of Object.entries(outputs)) {
    let delimiter = `ghadelimiter_${randomBytes(16).toString("hex")}`;
    while (value.includes(delimiter) || name.includes(delimiter)) delimiter = `ghadelimiter_${randomBytes(16).toString("hex")}`;
    text += `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
  }
  try {
    await appendFile(path, text);
  } catch (error) {
    throw new InputError(`cannot write step outputs: ${(error as Error).message}`, { file: path }, { cause: error });
  }
  return true;
}
