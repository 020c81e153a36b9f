/**
 * Cobertura XML (coverage.py's `coverage xml`, pytest-cov, Istanbul's cobertura)
 * and Clover XML (Istanbul/Vitest's clover.xml, OpenClover), over the streaming
 * tokenizer. Which one it is comes from the root: Clover's `<coverage clover=…>`
 * or a `<project>` child; Cobertura's `<sources>`/`<packages>`.
 *
 * Cobertura: only `<line>`s directly in a class's `<lines>` count — the copies
 * under `<methods>` would count a line twice. Branches come from
 * `condition-coverage="50% (1/2)"`. Clover: `stmt` and `cond` lines count
 * (`truecount` = covered outcomes, `falsecount` = missed), `method` lines do not.
 */
import { addLineBranches, addLineHits, emptyFile, type FileCoverage, type ReportFormat } from "../model.js";
import { ReportSyntaxError, hitCount, positiveInt } from "./syntax-error.js";
import type { XmlHandler } from "./xml.js";

const CONDITION_COVERAGE = /\((\d+)\s*\/\s*(\d+)\)/;

export class CoverageXmlHandler implements XmlHandler {
  format: ReportFormat | undefined;
  readonly files = new Map<string, FileCoverage>();
  readonly sourceRoots: string[] = [];
  private readonly path: string[] = [];
  private current: FileCoverage | undefined;
  private sourceText: string | undefined;

  open(name: string, attributes: Record<string, string>, line: number): void {
    const depth = this.path.length;
    const parent = this.path[depth - 1];
    this.path.push(name);
    if (depth === 0) {
      if (name !== "coverage") throw new ReportSyntaxError(`root element <${name}> is neither Cobertura nor Clover`, line, "<coverage …> (Cobertura or Clover)");
      if ("clover" in attributes) this.format = "clover";
      return;
    }
    if (depth === 1 && !this.format) this.format = name === "project" ? "clover" : "cobertura";
    if (this.format === "cobertura") this.openCobertura(name, parent, attributes, line);
    else this.openClover(name, attributes, line);
  }

  close(name: string): void {
    this.path.pop();
    if (name === "source" && this.sourceText !== undefined) {
      const root = this.sourceText.trim();
      if (root) this.sourceRoots.push(root);
      this.sourceText = undefined;
    }
    if ((name === "class" && this.format === "cobertura") || (name === "file" && this.format === "clover")) this.current = undefined;
  }

  text(text: string): void {
    if (this.sourceText !== undefined) this.sourceText += text;
  }

  private fileFor(path: string): FileCoverage {
    let file = this.files.get(path);
    if (!file) this.files.set(path, (file = emptyFile(path)));
    return file;
  }

  private openCobertura(name: string, parent: string | undefined, attributes: Record<string, string>, line: number): void {
    if (name === "source" && parent === "sources") {
      this.sourceText = "";
    } else if (name === "class") {
      const filename = attributes.filename?.trim();
      if (!filename) throw new ReportSyntaxError("<class> without a filename attribute", line, '<class name="…" filename="path/to/file.py">');
      this.current = this.fileFor(filename.replace(/\\/g, "/"));
    } else if (name === "line" && parent === "lines" && this.path[this.path.length - 3] === "class" && this.current) {
      const number = positiveInt(attributes.number);
      const hits = hitCount(attributes.hits);
      if (number === undefined || hits === undefined) {
        throw new ReportSyntaxError(`<line> needs a positive number and a hit count (number="${attributes.number ?? ""}" hits="${attributes.hits ?? ""}")`, line, '<line number="12" hits="1"/>');
      }
      addLineHits(this.current, number, hits);
      const condition = attributes["condition-coverage"];
      if (attributes.branch === "true" && condition) {
        const match = CONDITION_COVERAGE.exec(condition);
        if (!match) throw new ReportSyntaxError(`unreadable condition-coverage "${condition}"`, line, 'condition-coverage="50% (1/2)"');
        addLineBranches(this.current, number, Number(match[1]), Number(match[2]));
      }
    }
  }

  private openClover(name: string, attributes: Record<string, string>, line: number): void {
    if (name === "file") {
      const path = (attributes.path ?? attributes.name)?.trim();
      if (!path) throw new ReportSyntaxError("<file> without a path or name attribute", line, '<file name="List.tsx" path="src/List.tsx">');
      this.current = this.fileFor(path.replace(/\\/g, "/"));
    } else if (name === "line" && this.current) {
      const type = attributes.type ?? "stmt";
      if (type === "method") return;
      const number = positiveInt(attributes.num);
      const hits = hitCount(attributes.count);
      if (number === undefined || hits === undefined) {
        throw new ReportSyntaxError(`<line> needs a positive num and a count (num="${attributes.num ?? ""}" count="${attributes.count ?? ""}")`, line, '<line num="12" count="1" type="stmt"/>');
      }
      addLineHits(this.current, number, hits);
      if (type === "cond") {
        const covered = hitCount(attributes.truecount);
        const missed = hitCount(attributes.falsecount);
        if (covered !== undefined && missed !== undefined) addLineBranches(this.current, number, covered, covered + missed);
      }
    }
  }
}
