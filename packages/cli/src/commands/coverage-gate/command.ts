import { UsageError } from "../../kernel/errors.js";
import { defineCommand, type RawFlags } from "../../cli/define-command.js";
import type { RunContext } from "../../cli/context.js";
import { coverageGateOptions, type CoverageGateOptions } from "./options.js";
import { parsePathMap, type PathMap } from "./paths.js";

export const DEFAULT_THRESHOLD = 80;

function list(value: unknown): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];
}

function percentFlag(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (String(value).trim() === "" || !Number.isFinite(number) || number < 0 || number > 100) {
    throw new UsageError(`${flag} ${String(value)}: expected a percentage between 0 and 100`);
  }
  return number;
}

/** `--module NAME=GLOB[,GLOB…]` */
function parseModuleFlag(text: string, threshold: number): CoverageGateOptions["modules"][number] {
  const index = text.indexOf("=");
  const name = text.slice(0, index).trim();
  const paths = text
    .slice(index + 1)
    .split(",")
    .map((glob) => glob.trim())
    .filter(Boolean);
  if (index <= 0 || !name || paths.length === 0) throw new UsageError(`--module ${text}: expected NAME=GLOB[,GLOB…], e.g. --module auth='app/auth/**'`);
  return { name, paths, threshold };
}

/** Flags win over the config's `coverage` section; positional reports replace its `reports`. */
function resolveOptions(args: string[], flags: RawFlags, ctx: RunContext): CoverageGateOptions {
  const section = ctx.config.coverage;
  const threshold = percentFlag("--threshold", flags.threshold) ?? section?.threshold ?? DEFAULT_THRESHOLD;
  const reports = args.length > 0 ? args : (section?.reports ?? []);
  if (reports.length === 0) {
    throw new UsageError("no coverage report: pass report files or globs (e.g. crm-devex coverage-gate coverage.xml), or set coverage.reports in crm-devex.config");
  }
  const moduleFlags = list(flags.module);
  let modules: CoverageGateOptions["modules"];
  if (moduleFlags.length > 0) {
    modules = moduleFlags.map((text) => parseModuleFlag(text, threshold));
    const names = new Set<string>();
    for (const module of modules) {
      if (names.has(module.name)) throw new UsageError(`--module ${module.name}: named twice`);
      names.add(module.name);
    }
  } else if (section?.modules && Object.keys(section.modules).length > 0) {
    modules = Object.entries(section.modules).map(([name, module]) => ({ name, paths: module.paths, threshold: module.threshold ?? threshold, branches: module.branches }));
  } else {
    modules = [{ name: "all", paths: ["**"], threshold }];
  }
  const branchThreshold = percentFlag("--branch-threshold", flags.branchThreshold);
  if (branchThreshold !== undefined) modules = modules.map((module) => ({ ...module, branches: branchThreshold }));
  const pathMaps: PathMap[] = Object.entries(section?.pathMap ?? {}).map(([from, to]) => ({ from, to }));
  for (const text of list(flags.pathMap)) {
    const map = parsePathMap(text);
    if (!map) throw new UsageError(`--path-map ${text}: expected FROM=TO, e.g. --path-map /app/=examples/crm/backend/`);
    pathMaps.push(map);
  }
  let weakest = 5;
  if (flags.weakest !== undefined) {
    weakest = Number(flags.weakest);
    if (!Number.isInteger(weakest) || weakest < 0) throw new UsageError(`--weakest ${String(flags.weakest)}: expected a whole number`);
  }
  if (flags.patchThreshold !== undefined && flags.diffBase === undefined) {
    // Without a base there are no changed lines, so the flag would pass silently.
    throw new UsageError(`--patch-threshold ${String(flags.patchThreshold)}: gates the changed lines, so it needs --diff-base REF (e.g. --diff-base origin/main)`);
  }
  const metric = flags.metric ?? section?.metric ?? "lines";
  if (metric !== "lines" && metric !== "lines+branches") throw new UsageError(`--metric ${String(metric)}: expected lines or lines+branches`);
  return coverageGateOptions.parse({
    reports,
    metric,
    reportsFrom: args.length > 0 ? "arguments" : "config",
    modules,
    pathMaps,
    allFiles: Boolean(flags.allFiles ?? section?.allFiles ?? false),
    diffBase: flags.diffBase as string | undefined,
    patchThreshold: percentFlag("--patch-threshold", flags.patchThreshold) ?? section?.patch?.threshold ?? threshold,
    weakest,
  });
}

export const coverageGateCommand = defineCommand<CoverageGateOptions>({
  name: "coverage-gate",
  description: "Gate coverage per critical module across LCOV, Cobertura, coverage.py, Istanbul reports",
  formats: ["text", "json", "markdown", "github"],
  configure: (command) =>
    void command
      .argument("[reports...]", "coverage reports or globs (default: coverage.reports in the config)")
      .option("--module <NAME=GLOBS>", "a module to gate: NAME=GLOB[,GLOB…] (repeatable; replaces configured modules)", (value: string, previous: string[] = []) => [...previous, value])
      .option("--threshold <percent>", "minimum line coverage per module (default: config, else 80)")
      .option("--metric <metric>", "lines (default) or lines+branches (coverage.py's Cover with branch coverage on)")
      .option("--branch-threshold <percent>", "also require this branch coverage in every module")
      .option("--path-map <FROM=TO>", "rewrite report paths starting with FROM to TO (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
      .option("--all-files", "count source files under a module's globs that no report mentions as 0% covered")
      .option("--diff-base <ref>", "also gate the changed lines since the merge base with REF (e.g. origin/main)")
      .option("--patch-threshold <percent>", "minimum coverage of changed lines (default: config coverage.patch.threshold, else --threshold)")
      .option("--weakest <n>", "weakest files listed per module (default 5)"),
  options: (args, flags, ctx) => resolveOptions(args, flags, ctx),
  load: () => import("./index.js"),
  forCheck: async (ctx) => {
    const section = ctx.config.coverage;
    if (!section) return { notConfigured: "no coverage section in the config" };
    const { matchFiles } = await import("../../io/match-files.js");
    const matched = await Promise.all(section.reports.map(async (glob) => ({ glob, count: (await matchFiles(ctx.cwd, glob)).length })));
    if (matched.every((entry) => entry.count === 0)) {
      return { notChecked: `no coverage report found: ${section.reports.join(", ")} matched nothing (run the tests with coverage first)` };
    }
    return resolveOptions([], {}, ctx);
  },
});
