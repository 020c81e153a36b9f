/**
 * Go cover profiles (`go test -coverprofile`): `mode:` then one block per line,
 * `path/file.go:startLine.startCol,endLine.endCol numStatements count`. Paths
 * are import paths (module path + file), mapped to the repo by suffix. A block
 * marks every line it spans; a line shared by several blocks keeps the highest
 * count. Percentages are therefore by line, not Go's by statement.
 */
import { addLineHits, emptyFile, type FileCoverage } from "../model.js";
import { ReportSyntaxError } from "./syntax-error.js";

const BLOCK = /^(.+):(\d+)\.(\d+),(\d+)\.(\d+) (\d+) (\d+)$/;

export class GoProfileParser {
  readonly files = new Map<string, FileCoverage>();
  private sawMode = false;

  line(raw: string, lineNumber: number): void {
    const text = raw.trim();
    if (!text) return;
    if (text.startsWith("mode:")) {
      if (!/^mode:\s*(set|count|atomic)$/.test(text)) throw new ReportSyntaxError(`unknown cover mode "${text}"`, lineNumber, "mode: set|count|atomic");
      this.sawMode = true;
      return;
    }
    if (!this.sawMode) throw new ReportSyntaxError("a Go cover profile starts with a mode: line", lineNumber, "mode: set|count|atomic");
    const match = BLOCK.exec(text);
    if (!match) throw new ReportSyntaxError(`malformed block "${text}"`, lineNumber, "file.go:startLine.startCol,endLine.endCol statements count");
    const [, path, startText, , endText, , statementsText, countText] = match;
    const start = Number(startText);
    const end = Number(endText);
    if (start < 1 || end < start) throw new ReportSyntaxError(`block ends before it starts: "${text}"`, lineNumber);
    if (Number(statementsText) === 0) return;
    let file = this.files.get(path!);
    if (!file) this.files.set(path!, (file = emptyFile(path!)));
    const count = Number(countText);
    for (let line = start; line <= end; line++) addLineHits(file, line, count);
  }

  end(): Map<string, FileCoverage> {
    return this.files;
  }
}
