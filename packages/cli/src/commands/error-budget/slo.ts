import { parseAllDocuments } from "yaml";
import { InputError } from "../../kernel/errors.js";
import type { SloConfig } from "./config.js";
import { durationMinutes } from "./duration.js";
import type { Slo } from "./model.js";

/** The seed's three SLOs (FR-050..052). */
export const DEFAULT_SLOS: Slo[] = [
  { name: "availability", kind: "availability", objective: 99.9, downRatio: 0.5, description: "99.9% of minutes up", origin: "default" },
  { name: "latency", kind: "latency", objective: 95, thresholdMs: 500, downRatio: 0.5, description: "P95 latency < 500 ms", origin: "default" },
  { name: "error-rate", kind: "error-rate", objective: 99.9, downRatio: 0.5, description: "error rate < 0.1% (5xx)", origin: "default" },
];

function describe(kind: Slo["kind"], objective: number, thresholdMs?: number): string {
  switch (kind) {
    case "availability":
      return `${objective}% of minutes up`;
    case "latency":
      return `${objective}% of requests within ${thresholdMs} ms`;
    case "error-rate":
      return `error rate < ${+(100 - objective).toFixed(6)}% (5xx)`;
  }
}

/** A warning when an objective written as a percent looks like a fraction (0.999 meant as 99.9). */
export function fractionWarning(name: string, objective: number, where: string): string | null {
  if (objective > 1) return null;
  return `${where}: SLO ${name} has objective ${objective}, which looks like a fraction; objectives are percentages (write ${+(objective * 100).toFixed(6)} for ${+(objective * 100).toFixed(6)}%)`;
}

/** SLOs from the config's `slos:` list; warnings for suspicious objectives. */
export function slosFromConfig(list: SloConfig[], configFile: string): { slos: Slo[]; warnings: string[] } {
  const warnings: string[] = [];
  const slos = list.map((entry, index): Slo => {
    const where = `${configFile} slos[${index}]`;
    const warning = fractionWarning(entry.name, entry.objective, where);
    if (warning) warnings.push(warning);
    return {
      name: entry.name,
      kind: entry.kind,
      objective: entry.objective,
      thresholdMs: entry.thresholdMs,
      downRatio: entry.downRatio ?? 0.5,
      description: entry.description ?? describe(entry.kind, entry.objective, entry.thresholdMs),
      origin: configFile,
    };
  });
  assertUniqueNames(slos, configFile);
  return { slos, warnings };
}

function assertUniqueNames(slos: Slo[], file: string): void {
  const seen = new Set<string>();
  for (const slo of slos) {
    if (seen.has(slo.name)) throw new InputError(`SLO name ${slo.name} is used twice`, { file });
    seen.add(slo.name);
  }
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * SLOs from OpenSLO v1 documents (kind: SLO). Mapping:
 * - budgetingMethod Timeslices/RatioTimeslices → availability (a slice is down when its good
 *   share is below timeSliceTarget; slices are one minute)
 * - Occurrences with an objective `value` (a threshold metric) → latency within `value` ms
 * - Occurrences otherwise → error rate
 * Also returns the SLOs' window when all documents agree on one (rolling `timeWindow`).
 */
export function slosFromOpenSlo(text: string, file: string): { slos: Slo[]; warnings: string[]; windowMinutes: number | null } {
  const warnings: string[] = [];
  const slos: Slo[] = [];
  const windows = new Set<number>();
  const documents = parseAllDocuments(text);
  const list = Array.isArray(documents) ? documents : [documents];
  for (const [index, document] of list.entries()) {
    if (document.errors.length > 0) {
      const error = document.errors[0]!;
      // The yaml library's first message line ends "at line L, column C:" before an excerpt we do not print.
      throw new InputError(`not valid YAML: ${error.message.split("\n")[0]!.replace(/:$/, "")}`, { file, line: error.linePos?.[0]?.line });
    }
    const value: unknown = document.toJS();
    if (value === null || value === undefined) continue;
    const line = document.contents ? lineOf(text, document.contents.range?.[0] ?? 0) : undefined;
    const where = { file, line };
    if (!isObject(value)) throw new InputError("expected an OpenSLO document (a mapping)", where);
    if (value.apiVersion !== "openslo/v1") {
      throw new InputError(`apiVersion ${JSON.stringify(value.apiVersion)} is not supported`, where, { expected: "apiVersion: openslo/v1" });
    }
    if (value.kind !== "SLO") continue; // Service, SLI, AlertPolicy…: not SLOs themselves
    const metadata = isObject(value.metadata) ? value.metadata : {};
    const spec = isObject(value.spec) ? value.spec : null;
    const name = typeof metadata.name === "string" ? metadata.name : null;
    if (!name || !/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new InputError("SLO needs metadata.name in kebab-case", where);
    if (!spec) throw new InputError(`SLO ${name}: missing spec`, where);
    const method = spec.budgetingMethod;
    if (method !== "Occurrences" && method !== "Timeslices" && method !== "RatioTimeslices") {
      const found = method === undefined ? "is missing" : `${JSON.stringify(method)} is not one of Occurrences, Timeslices, RatioTimeslices`;
      throw new InputError(`SLO ${name}: spec.budgetingMethod ${found}`, where, { expected: "budgetingMethod: Occurrences (or Timeslices, RatioTimeslices)" });
    }
    const objectives = Array.isArray(spec.objectives) ? spec.objectives.filter(isObject) : [];
    if (objectives.length === 0) throw new InputError(`SLO ${name}: spec.objectives is empty`, where);
    if (objectives.length > 1) warnings.push(`${file}: SLO ${name} has ${objectives.length} objectives; using the first`);
    const objective = objectives[0]!;
    let percent: number;
    if (typeof objective.targetPercent === "number") {
      percent = objective.targetPercent;
      const warning = fractionWarning(name, percent, `${file}${line ? `:${line}` : ""} targetPercent`);
      if (warning) warnings.push(warning);
    } else if (typeof objective.target === "number") {
      if (objective.target >= 1) {
        throw new InputError(`SLO ${name}: target ${objective.target} must be a fraction below 1 (use targetPercent: ${objective.target} for a percent)`, where);
      }
      percent = Number((objective.target * 100).toPrecision(12));
    } else {
      throw new InputError(`SLO ${name}: objective needs target (0–1) or targetPercent`, where);
    }
    if (!(percent > 0 && percent < 100)) throw new InputError(`SLO ${name}: objective ${percent}% must be between 0 and 100`, where);
    const timeWindow = Array.isArray(spec.timeWindow) && isObject(spec.timeWindow[0]) ? spec.timeWindow[0] : null;
    if (timeWindow && typeof timeWindow.duration === "string") {
      if (timeWindow.isRolling === false) warnings.push(`${file}: SLO ${name} has a calendar window; evaluated as a rolling ${timeWindow.duration}`);
      windows.add(durationMinutes(timeWindow.duration, `${file}: timeWindow.duration`));
    }
    const description = typeof metadata.displayName === "string" ? metadata.displayName : typeof spec.description === "string" ? spec.description : "";
    if (method !== "Occurrences") {
      const sliceTarget = typeof objective.timeSliceTarget === "number" ? objective.timeSliceTarget : 0.5;
      if (!(sliceTarget > 0 && sliceTarget <= 1)) throw new InputError(`SLO ${name}: timeSliceTarget ${sliceTarget} must be above 0 and at most 1`, where);
      // A slice target of 1 means one failed request spoils the minute: the smallest positive ratio says
      // "any failure" exactly, since no minute holds anywhere near 1/EPSILON requests.
      const downRatio = sliceTarget === 1 ? Number.EPSILON : Number((1 - sliceTarget).toPrecision(12));
      slos.push({ name, kind: "availability", objective: percent, downRatio, description: description || describe("availability", percent), origin: `${file}#${index + 1}` });
    } else if (typeof objective.value === "number") {
      slos.push({ name, kind: "latency", objective: percent, thresholdMs: objective.value, downRatio: 0.5, description: description || describe("latency", percent, objective.value), origin: `${file}#${index + 1}` });
    } else {
      slos.push({ name, kind: "error-rate", objective: percent, downRatio: 0.5, description: description || describe("error-rate", percent), origin: `${file}#${index + 1}` });
    }
  }
  if (slos.length === 0) throw new InputError("no OpenSLO documents of kind SLO", { file });
  assertUniqueNames(slos, file);
  return { slos, warnings, windowMinutes: windows.size === 1 ? [...windows][0]! : null };
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
