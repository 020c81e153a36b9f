/**
 * The build already ran: what is deployed is static output. A `vercel.json` copied into it (the example CRM
 * frontend writes one with its headers, rewrites and CSP) may still carry build settings, and Vercel would
 * then try to build the output again — with no package.json, so the deploy fails. Deploy a copy whose
 * vercel.json keeps everything but the build settings.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../../kernel/errors.js";

/** vercel.json keys that describe how to build, meaningless for output that is already built. */
export const BUILD_KEYS = ["buildCommand", "installCommand", "devCommand", "framework", "outputDirectory", "ignoreCommand"] as const;

export interface StaticOutput {
  /** The directory to deploy (the original or a cleaned copy). */
  directory: string;
  /** Build keys dropped from vercel.json. */
  dropped: string[];
  /** Remove the copy, if one was made. */
  dispose(): Promise<void>;
}

export async function prepareStaticOutput(directory: string, shown: string): Promise<StaticOutput> {
  const configPath = join(directory, "vercel.json");
  const text = await readFile(configPath, "utf8").catch(() => undefined);
  const unchanged: StaticOutput = { directory, dropped: [], dispose: async () => undefined };
  if (text === undefined) return unchanged;
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`invalid JSON: ${(error as Error).message}`, { file: join(shown, "vercel.json") });
  }
  const dropped = BUILD_KEYS.filter((key) => key in config);
  if (dropped.length === 0) return unchanged;
  const copy = await mkdtemp(join(tmpdir(), "crm-devex-preview-"));
  await cp(directory, copy, { recursive: true });
  for (const key of dropped) delete config[key];
  await writeFile(join(copy, "vercel.json"), `${JSON.stringify(config, null, 2)}\n`);
  return { directory: copy, dropped, dispose: () => rm(copy, { recursive: true, force: true }) };
}
