/**
 * Spec text → plain object: JSON.parse for JSON (fast on 12 MB specs), js-yaml
 * for YAML. Profiling a 3 MB OpenAPI YAML (OpenAI's) showed the `yaml` package's
 * document model was most of contract-diff's time and memory (6.2 s, 182 MB RSS
 * for one parse on the shared bench machine) against js-yaml's 1.5 s and 94 MB
 * for the same value. The `yaml` package is kept for reporting a syntax error:
 * its messages and positions are the ones our config errors use.
 */
import * as jsYaml from "js-yaml";
import { InputError, excerptAround } from "../../../kernel/errors.js";
import { parseStructured } from "../../../config/load.js";

/**
 * YAML 1.2's core schema plus YAML 1.1 merge keys: specs share responses and parameters with
 * `<<: *common`, which the core schema alone keeps as a literal `<<` key (nothing merged, so an
 * operation's inherited 404 was invisible to the diff). Explicit keys win over merged ones.
 */
// js-yaml 4 exports `types` (merge among them); @types/js-yaml 4.0 does not declare it. Implicit,
// as in js-yaml's DEFAULT_SCHEMA: a plain `<<` key resolves to it (`extend([type])` would only
// add it as an explicit `!!merge` tag).
const SPEC_SCHEMA = jsYaml.CORE_SCHEMA.extend({ implicit: [(jsYaml as unknown as { types: { merge: jsYaml.Type } }).types.merge] });

/**
 * Parse a spec's text. JSON is detected by its first character, so a 12 MB JSON
 * description never goes through the (much slower) YAML parser.
 */
export function parseSpecText(text: string, shownAs: string): unknown {
  const start = text.search(/\S/);
  if (start === -1) throw new InputError("empty file, expected an OpenAPI document", { file: shownAs });
  if (text[start] === "{" || text[start] === "[") {
    try {
      return JSON.parse(text);
    } catch (error) {
      const { line, column } = jsonErrorPosition(text, (error as Error).message);
      // Newer V8 messages may omit the position; the YAML parser (JSON is YAML) then finds the line.
      if (line === undefined) parseStructured(text, shownAs);
      throw new InputError(
        `invalid JSON: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, "").replace(/,? ?\(line \d+ column \d+\)$/, "")}`,
        { file: shownAs, line, column },
        line ? { excerpt: excerptAround(text, line) } : undefined,
      );
    }
  }
  try {
    // The core schema is YAML 1.2's, as in the `yaml` package: `2026-01-01` stays a string, not a Date.
    return jsYaml.load(text, { schema: SPEC_SCHEMA, filename: shownAs });
  } catch {
    // Same input through the `yaml` package (merge keys on too): one clear message with the line and an excerpt.
    return parseStructured(text, shownAs, { merge: true });
  }
}

/** Line and column of a JSON.parse error, from "at position N" or "(line L column C)". */
function jsonErrorPosition(text: string, message: string): { line?: number; column?: number } {
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  if (position) {
    const before = text.slice(0, Number(position[1])).split("\n");
    return { line: before.length, column: before[before.length - 1]!.length + 1 };
  }
  if (/Unexpected end of JSON input/.test(message)) {
    const lines = text.split("\n");
    return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
  }
  return {};
}
