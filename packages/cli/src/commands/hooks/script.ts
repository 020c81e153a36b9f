/** The text of the pre-commit hook and of the block added to husky / lefthook setups. Pure. */

export const BLOCK_START = "# >>> crm-devex secret-scan >>>";
export const BLOCK_END = "# <<< crm-devex secret-scan <<<";
/** Where an existing plain hook is moved so ours can run it first. */
export const CHAINED_SUFFIX = ".chained-by-crm-devex";

/**
 * The shell lines that run the staged scan and explain a block. `runner` pins
 * the command (e.g. `node tools/crm-devex/bin.js`); by default the hook finds
 * the project's local install, then PATH, then npx.
 */
export function scanBlock(runner: string | undefined): string {
  const pick = runner
    ? `crm_devex="${runner.replace(/(["\\$`])/g, "\\$1")}"`
    : [
        "if [ -x ./node_modules/.bin/crm-devex ]; then crm_devex=./node_modules/.bin/crm-devex",
        "elif command -v crm-devex >/dev/null 2>&1; then crm_devex=crm-devex",
        'else crm_devex="npx --yes crm-devex"; fi',
      ].join("\n");
  return [
    BLOCK_START,
    "# Blocks commits whose staged files carry a secret or a .env file (crm-devex hooks install).",
    pick,
    "$crm_devex secret-scan --staged",
    "crm_devex_status=$?",
    "if [ $crm_devex_status -eq 1 ]; then",
    '  echo "crm-devex: commit blocked — the staged changes above contain a secret or a .env file." >&2',
    '  echo "  fix: remove it from the file (git rm --cached for a .env), rotate it if it was real," >&2',
    '  echo "       or allow a false positive with a reason: a crm-devex:allow <reason> comment on the line." >&2',
    "  exit 1",
    "elif [ $crm_devex_status -ne 0 ]; then",
    '  echo "crm-devex: the secret scan could not run (exit $crm_devex_status), so the commit is blocked; see the error above." >&2',
    "  exit $crm_devex_status",
    "fi",
    BLOCK_END,
  ].join("\n");
}

/** A complete plain pre-commit hook: the chained previous hook first, then the scan. */
export function plainHook(runner: string | undefined): string {
  return [
    "#!/bin/sh",
    "# Installed by `crm-devex hooks install`. A hook that was here before was moved to",
    `# pre-commit${CHAINED_SUFFIX} and still runs first.`,
    `chained="$(dirname "$0")/pre-commit${CHAINED_SUFFIX}"`,
    'if [ -x "$chained" ]; then',
    '  "$chained" "$@" || exit $?',
    "fi",
    scanBlock(runner),
    "",
  ].join("\n");
}

/** `existing` with our block appended (husky hook files are plain shell, run in order). */
export function appendBlock(existing: string, runner: string | undefined): string {
  const base = existing.length === 0 ? "#!/usr/bin/env sh\n" : existing.endsWith("\n") ? existing : `${existing}\n`;
  return `${base}${scanBlock(runner)}\n`;
}

/** Replace an already installed block (re-running install updates it in place). */
export function replaceBlock(existing: string, runner: string | undefined): string {
  const start = existing.indexOf(BLOCK_START);
  const end = existing.indexOf(BLOCK_END, start);
  if (start === -1 || end === -1) return appendBlock(existing, runner);
  return `${existing.slice(0, start)}${scanBlock(runner)}${existing.slice(end + BLOCK_END.length)}`;
}
