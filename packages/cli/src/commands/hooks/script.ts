/** The text of the pre-commit hook and of the block added to husky / lefthook setups. Pure. */

export const BLOCK_START = "# >>> crm-devex secret-scan >>>";
export const BLOCK_END = "# <<< crm-devex secret-scan <<<";
/** Where an existing plain hook is moved so ours can run it first. */
export const CHAINED_SUFFIX = ".chained-by-crm-devex";

/** What the hook says when it cannot find or start crm-devex: never the secret-found text. */
export const NOT_INSTALLED = "crm-devex is not installed in this checkout — run npm install";

/**
 * Exit 0 when the index adds, copies, modifies or renames no file: only those can carry a secret
 * into the commit. A deletion-only commit (or nothing staged) has nothing to scan, and the scan,
 * honest about doing no work, would say "not checked" and block it. A git error (exit 128) is
 * not 0, so it scans rather than skips.
 */
export const NOTHING_ADDED_TEST = "git diff --cached --quiet --diff-filter=ACMR";

/** The one line the hook prints when it skips the scan. */
export const SKIPPED_LINE = "crm-devex: secret scan skipped — this commit adds or modifies no file (deletions only, or nothing staged).";

/** The lefthook `run:` line: the same skip as the plain hook, then the staged scan (lefthook runs it with sh). */
export function lefthookRun(runner: string | undefined): string {
  return `if ${NOTHING_ADDED_TEST} 2>/dev/null; then echo "${SKIPPED_LINE}" >&2; else ${runner ?? "npx --no-install crm-devex"} secret-scan --staged; fi`;
}

/**
 * The shell lines that run the staged scan and explain a block. `runner` pins
 * the command (e.g. `node tools/crm-devex/bin.js`); by default the hook finds
 * the checkout's local install, then PATH — never a download: a commit hook that
 * fetches from a registry is slow, fails offline, and a 404 must not read as a finding.
 *
 * Only a finding prints the secret-found text: exit 1 *and* a JSON report whose verdict is
 * `failed`. Exit 1 without a report (npm E404, node failing to load the CLI), 126 or 127
 * means crm-devex could not be started in this checkout; any other code means the scan
 * could not run (e.g. exit 2, a broken config). Every one of them blocks the commit.
 */
export function scanBlock(runner: string | undefined): string {
  const pick = runner
    ? `  crm_devex="${runner.replace(/(["\\$`])/g, "\\$1")}"`
    : [
        '  crm_devex=""',
        "  if [ -x ./node_modules/.bin/crm-devex ]; then crm_devex=./node_modules/.bin/crm-devex",
        "  elif command -v crm-devex >/dev/null 2>&1; then crm_devex=crm-devex",
        "  fi",
      ].join("\n");
  const notInstalled = (detail: string) => [
    `    echo "${NOT_INSTALLED} (or npm ci), then commit again: the commit is blocked until the secret scan can run." >&2`,
    `    echo "  ${detail}" >&2`,
  ];
  return [
    BLOCK_START,
    "# Blocks commits whose staged files carry a secret or a .env file (crm-devex hooks install).",
    "crm_devex_scan() {",
    pick,
    '  if [ -z "$crm_devex" ]; then',
    ...notInstalled("(no ./node_modules/.bin/crm-devex and no crm-devex on PATH: a new clone or git worktree has no node_modules yet)"),
    "    return 1",
    "  fi",
    '  crm_devex_report="$(mktemp "${TMPDIR:-/tmp}/crm-devex-hook.XXXXXX")" || return 1',
    '  $crm_devex secret-scan --staged --json-output "$crm_devex_report"',
    "  crm_devex_status=$?",
    '  crm_devex_found=""',
    '  grep -q \'^  "verdict": "failed"\' "$crm_devex_report" 2>/dev/null && crm_devex_found=yes',
    '  [ -s "$crm_devex_report" ] && crm_devex_reported=yes || crm_devex_reported=""',
    '  rm -f "$crm_devex_report"',
    "  if [ $crm_devex_status -eq 0 ]; then return 0; fi",
    '  if [ $crm_devex_status -eq 1 ] && [ -n "$crm_devex_found" ]; then',
    '    echo "crm-devex: commit blocked — the staged changes above contain a secret or a .env file." >&2',
    '    echo "  fix: remove it from the file (git rm --cached for a .env), rotate it if it was real," >&2',
    '    echo "       or allow a false positive with a reason: a crm-devex:allow <reason> comment on the line." >&2',
    "    return 1",
    "  fi",
    '  if [ $crm_devex_status -eq 126 ] || [ $crm_devex_status -eq 127 ] || { [ $crm_devex_status -eq 1 ] && [ -z "$crm_devex_reported" ]; }; then',
    ...notInstalled("($crm_devex could not be started: exit $crm_devex_status without a report; see its output above)"),
    "    return 1",
    "  fi",
    '  echo "crm-devex: commit blocked — the secret scan could not run (exit $crm_devex_status); see the error above." >&2',
    "  return $crm_devex_status",
    "}",
    "# Only files the commit adds or modifies (renamed ones included) can carry a secret in: a commit that only",
    "# deletes files, or stages nothing, has nothing to scan, and the scan would rightly say it checked nothing.",
    "# A git error here (exit 128) is not --quiet's 0, so it scans rather than skips.",
    `if ${NOTHING_ADDED_TEST} 2>/dev/null; then`,
    `  echo "${SKIPPED_LINE}" >&2`,
    "else",
    "  crm_devex_scan || exit $?",
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
