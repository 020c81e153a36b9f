import type { RunContext } from "../../cli/context.js";
import { displayPath, readTextFile, resolveFrom } from "../../io/fs.js";
import type { Slo } from "./model.js";
import { DEFAULT_SLOS, slosFromConfig, slosFromOpenSlo } from "./slo.js";

/**
 * The SLOs to evaluate: OpenSLO files (flag or config) win over the config's
 * `slos:` list, which wins over the seed's three defaults.
 */
export async function loadSlos(ctx: RunContext, openslo: string[]): Promise<{ slos: Slo[]; warnings: string[]; windowMinutes: number | null }> {
  if (openslo.length > 0) {
    const slos: Slo[] = [];
    const warnings: string[] = [];
    const windows = new Set<number>();
    for (const file of openslo) {
      const path = resolveFrom(ctx.cwd, file);
      const shown = displayPath(ctx.cwd, path);
      const loaded = slosFromOpenSlo(await readTextFile(path, shown), shown);
      slos.push(...loaded.slos);
      warnings.push(...loaded.warnings);
      if (loaded.windowMinutes !== null) windows.add(loaded.windowMinutes);
    }
    return { slos, warnings, windowMinutes: windows.size === 1 ? [...windows][0]! : null };
  }
  if (ctx.config.slos && ctx.config.slos.length > 0) {
    return { ...slosFromConfig(ctx.config.slos, ctx.configFile ?? "crm-devex.config"), windowMinutes: null };
  }
  return { slos: DEFAULT_SLOS, warnings: [], windowMinutes: null };
}
