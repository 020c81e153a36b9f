/**
 * Read one coverage report from disk: detect its format from its first bytes
 * (never from its name), then stream it through the matching parser. Line-based
 * and XML formats are parsed chunk by chunk, so a 100 MB tracefile never sits in
 * memory whole; JSON formats are one document and are parsed whole.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { InputError, excerptAround } from "../../../kernel/errors.js";
import { readTextFile } from "../../../io/fs.js";
import type { CountMismatch, ParsedReport } from "../model.js";
import { GoProfileParser } from "./go.js";
import { detectJsonFormat, jsonErrorLine, parseCoveragePyJson, parseIstanbulFinal, parseIstanbulSummary } from "./json-reports.js";
import { LcovParser } from "./lcov.js";
import { ReportSyntaxError } from "./syntax-error.js";
import { CoverageXmlHandler } from "./xml-reports.js";
import { XmlSyntaxError, XmlTokenizer } from "./xml.js";

type Kind = "xml" | "json" | "lcov" | "go";

const LCOV_START = /^(TN|SF|VER|FN|FNL|FNA|DA|BRDA):/;

/** What kind of report `head` (the first chunk, BOM stripped) starts like, or undefined. */
export function sniff(head: string): Kind | undefined {
  const text = head.trimStart();
  if (text.startsWith("<")) return "xml";
  if (text.startsWith("{")) return "json";
  if (text.startsWith("mode:")) return "go";
  if (LCOV_START.test(text)) return "lcov";
  return undefined;
}

/** Feed a stream's text to `onLine` one line at a time (1-based numbers). */
class LineSplitter {
  private rest = "";
  private number = 0;
  constructor(private readonly onLine: (line: string, number: number) => void) {}
  write(chunk: string): void {
    const text = this.rest + chunk;
    let start = 0;
    for (let newline = text.indexOf("\n"); newline !== -1; newline = text.indexOf("\n", start)) {
      this.onLine(text.slice(start, newline), ++this.number);
      start = newline + 1;
    }
    this.rest = text.slice(start);
  }
  end(): void {
    if (this.rest) this.onLine(this.rest, ++this.number);
    this.rest = "";
  }
}

interface Sink {
  write(chunk: string): void;
  end(): ParsedReport;
}

function sinkFor(kind: Kind): Sink {
  switch (kind) {
    case "lcov": {
      const parser = new LcovParser();
      const lines = new LineSplitter((line, number) => parser.line(line, number));
      return { write: (chunk) => lines.write(chunk), end: () => (lines.end(), { format: "lcov", files: parser.end(), sourceRoots: [], countMismatches: parser.countMismatches }) };
    }
    case "go": {
      const parser = new GoProfileParser();
      const lines = new LineSplitter((line, number) => parser.line(line, number));
      return { write: (chunk) => lines.write(chunk), end: () => (lines.end(), { format: "go", files: parser.end(), sourceRoots: [], countMismatches: [] }) };
    }
    case "xml": {
      const handler = new CoverageXmlHandler();
      const tokenizer = new XmlTokenizer(handler);
      return {
        write: (chunk) => tokenizer.write(chunk),
        end: () => {
          tokenizer.end();
          return { format: handler.format ?? "cobertura", files: handler.files, sourceRoots: handler.sourceRoots, countMismatches: [] };
        },
      };
    }
    case "json": {
      let text = "";
      return {
        write: (chunk) => void (text += chunk),
        end: () => {
          let document: unknown;
          try {
            document = JSON.parse(text);
          } catch (error) {
            throw new ReportSyntaxError(`invalid JSON: ${(error as Error).message}`, jsonErrorLine(text, (error as Error).message));
          }
          const format = detectJsonFormat(document);
          const json = document as Record<string, unknown>;
          const countMismatches: CountMismatch[] = [];
          const files = format === "coveragepy-json" ? parseCoveragePyJson(json, text, countMismatches) : format === "istanbul-final" ? parseIstanbulFinal(json, text) : parseIstanbulSummary(json, text);
          return { format, files, sourceRoots: [], countMismatches };
        },
      };
    }
  }
}

/** Excerpt around `line` of a file, for error messages; skipped for very large files. */
async function excerptOf(path: string, line: number | undefined): Promise<string | undefined> {
  if (!line) return undefined;
  const size = (await stat(path).catch(() => undefined))?.size ?? Infinity;
  if (size > 32 * 1024 * 1024) return undefined;
  const text = await readTextFile(path).catch(() => undefined);
  return text === undefined ? undefined : excerptAround(text, line);
}

/**
 * Parse the report at `path` (shown to users as `shownAs`). Missing, unreadable,
 * unrecognised or malformed reports throw an InputError naming the file and line.
 */
export async function readReport(path: string, shownAs: string): Promise<ParsedReport> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(error.code === "ENOENT" ? "coverage report not found" : `cannot read coverage report: ${error.message}`, { file: shownAs }, { cause: error });
  });
  if (info.isDirectory()) throw new InputError("is a directory, expected a coverage report file", { file: shownAs });
  if (info.size === 0) throw new InputError("coverage report is empty (did the test run write it?)", { file: shownAs });

  let sink: Sink | undefined;
  let first = true;
  try {
    const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 });
    for await (const piece of stream) {
      let chunk = piece as string;
      if (first) {
        first = false;
        if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
        const kind = sniff(chunk);
        if (!kind) {
          throw new InputError(
            "not a coverage report this tool reads",
            { file: shownAs, line: 1 },
            { excerpt: excerptAround(chunk.slice(0, 4096), 1, 0), expected: "LCOV, Cobertura XML, Clover XML, coverage.py JSON, Istanbul JSON (final or summary) or a Go cover profile" },
          );
        }
        sink = sinkFor(kind);
      }
      sink!.write(chunk);
    }
    if (!sink) throw new InputError("coverage report is empty (did the test run write it?)", { file: shownAs });
    return sink.end();
  } catch (error) {
    if (error instanceof ReportSyntaxError || error instanceof XmlSyntaxError) {
      const expected = error instanceof ReportSyntaxError ? error.expected : undefined;
      throw new InputError(error.message, { file: shownAs, line: error.line }, { excerpt: await excerptOf(path, error.line), expected, cause: error });
    }
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read coverage report: ${(error as Error).message}`, { file: shownAs }, { cause: error });
  }
}
