/**
 * For `--all-files`: which files under a module's globs are source code, and an
 * estimate of their executable lines (a file no test imports has no report
 * entry, so nothing says exactly which lines are statements). Counted as 0%
 * covered, so an untested file drags its module down instead of vanishing.
 */

const SOURCE_EXTENSIONS = /\.(py|ts|tsx|js|jsx|mjs|cjs|mts|cts|vue|svelte|go|java|kt|kts|scala|rb|rs|c|cc|cpp|h|hpp|cs|php|swift)$/;
const NOT_SOURCE = [
  /\.d\.[cm]?ts$/,
  /(^|\/)(__tests__|__mocks__|__fixtures__|tests?|fixtures)\//,
  /\.(test|spec|stories)\.[^/]+$/,
  /(^|\/)test_[^/]*\.py$/,
  /_test\.(py|go)$/,
  /(^|\/)conftest\.py$/,
];

/** True for a source file that coverage should know about (not a test, fixture or type declaration). */
export function isSourceFile(path: string): boolean {
  return SOURCE_EXTENSIONS.test(path) && !NOT_SOURCE.some((pattern) => pattern.test(path));
}

/** Lines made only of closing brackets and punctuation carry no statement of their own. */
const PUNCTUATION_ONLY = /^[)\]}>;,.\s]*$/;

/**
 * Line numbers that look executable: not blank, not a comment, not inside a
 * block comment or a Python docstring, not only closing punctuation.
 */
export function estimateExecutableLines(path: string, text: string): number[] {
  const python = path.endsWith(".py");
  const lines = text.split(/\r?\n/);
  const executable: number[] = [];
  let inBlock: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (inBlock) {
      if (line.includes(inBlock)) inBlock = undefined;
      continue;
    }
    if (!line || PUNCTUATION_ONLY.test(line)) continue;
    if (python) {
      if (line.startsWith("#")) continue;
      const quote = line.startsWith('"""') ? '"""' : line.startsWith("'''") ? "'''" : undefined;
      if (quote) {
        if (!line.slice(3).includes(quote)) inBlock = quote;
        continue;
      }
    } else {
      if (line.startsWith("//") || line.startsWith("*")) continue;
      if (line.startsWith("/*")) {
        if (!line.slice(2).includes("*/")) inBlock = "*/";
        continue;
      }
    }
    executable.push(index + 1);
  }
  return executable;
}
