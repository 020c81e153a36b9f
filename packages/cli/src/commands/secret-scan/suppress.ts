/**
 * Suppression by fingerprint — a hash of rule and secret, never the line — so
 * moving code keeps a finding ignored and a different secret on the same line
 * is still reported. Two sources: the ignore file and a baseline report.
 */
import { InputError } from "../../kernel/errors.js";
import { excerptAround } from "../../kernel/errors.js";
import { pathExists, readTextFile, resolveFrom } from "../../io/fs.js";

const FINGERPRINT = /^[a-z0-9]+(?:-[a-z0-9]+)*:[0-9a-f]{16}$/;

/** Parse an ignore file: one fingerprint per line, `# comments` and blank lines allowed. */
export function parseIgnoreFile(text: string, file: string): Set<string> {
  const fingerprints = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, "").trim();
    if (!line) return;
    if (!FINGERPRINT.test(line)) {
      throw new InputError("not a secret-scan fingerprint", { file, line: index + 1 }, {
        excerpt: excerptAround(text, index + 1, 0),
        expected: "rule-id:0123456789abcdef  # reason (copy it from the report's fingerprint column)",
      });
    }
    fingerprints.add(line);
  });
  return fingerprints;
}

/** Fingerprints of a baseline: the `findings[].fingerprint` of an earlier `--format json` report. */
export function parseBaseline(text: string, file: string): Set<string> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message);
    const line = position ? text.slice(0, Number(position[1])).split("\n").length : undefined;
    throw new InputError(`not valid JSON (${(error as Error).message})`, { file, line }, { expected: "the JSON report of `crm-devex secret-scan --format json`" });
  }
  const findings = (document as { findings?: unknown } | null)?.findings;
  if (!Array.isArray(findings)) {
    throw new InputError("no findings array", { file }, { expected: "the JSON report of `crm-devex secret-scan --format json` ({schemaVersion, findings: […]})" });
  }
  const fingerprints = new Set<string>();
  findings.forEach((finding, index) => {
    const fingerprint = (finding as { fingerprint?: unknown } | null)?.fingerprint;
    if (typeof fingerprint !== "string" || !FINGERPRINT.test(fingerprint)) {
      throw new InputError(`findings[${index}] has no valid fingerprint`, { file }, { expected: "rule-id:0123456789abcdef" });
    }
    fingerprints.add(fingerprint);
  });
  return fingerprints;
}

export interface Suppressions {
  ignored: Set<string>;
  baseline: Set<string>;
}

/** Load the ignore file (absent is fine unless it was named explicitly) and the baseline (must exist). */
export async function loadSuppressions(
  cwd: string,
  options: { ignoreFile: string; ignoreFileRequired: boolean; baseline?: string },
): Promise<Suppressions> {
  const ignorePath = resolveFrom(cwd, options.ignoreFile);
  let ignored = new Set<string>();
  if (options.ignoreFileRequired || (await pathExists(ignorePath))) {
    ignored = parseIgnoreFile(await readTextFile(ignorePath, options.ignoreFile), options.ignoreFile);
  }
  let baseline = new Set<string>();
  if (options.baseline) baseline = parseBaseline(await readTextFile(resolveFrom(cwd, options.baseline), options.baseline), options.baseline);
  return { ignored, baseline };
}
