/**
 * secret-scan: collect findings from the selected source, drop the suppressed
 * ones (ignore file, baseline), and report them masked. Never prints, never exits.
 */
import type { RunContext } from "../../cli/context.js";
import type { CommandResult, Finding, GateWork, ReportBlock, RuleDescriptor } from "../../kernel/result.js";
import { DOTENV_RULE, PKCS12_RULE } from "./detect.js";
import type { SecretScanOptions } from "./options.js";
import { SECRET_RULES } from "./rules/index.js";
import { secretsOf, type ScanStats, type SecretFinding } from "./scan-files.js";
import { collect, type SourceResult } from "./sources.js";
import { loadSuppressions } from "./suppress.js";
import { maskEverywhere, maskNeedles } from "./mask.js";

const DOTENV_DESCRIPTION = "A .env file is committed (only .env.example/.sample/.template/.dist belong in git)";
const PKCS12_DESCRIPTION = "A PKCS#12 key store (.p12/.pfx) is committed: its private key is protected only by a password";

function describeRule(id: string): string {
  if (id === DOTENV_RULE) return DOTENV_DESCRIPTION;
  if (id === PKCS12_RULE) return PKCS12_DESCRIPTION;
  return SECRET_RULES.get(id)?.description ?? id;
}

function location(finding: SecretFinding): string {
  const at = finding.line === 0 ? finding.file : `${finding.file}:${finding.line}:${finding.column}`;
  if (!finding.commit) return at;
  if (!finding.commits || finding.commits === 1) return `${at} @ ${finding.commit.slice(0, 12)}`;
  return `${at} @ ${finding.commit.slice(0, 12)}..${finding.lastCommit!.slice(0, 12)} (${finding.commits} commits)`;
}

function history(finding: SecretFinding): string {
  if (!finding.commit) return "";
  const more = finding.commits && finding.commits > 1 ? `, last in ${finding.lastCommit!.slice(0, 12)}, ${finding.commits} commits` : "";
  return ` (added in ${finding.commit.slice(0, 12)}${more})`;
}

function message(finding: SecretFinding): string {
  if (finding.rule === PKCS12_RULE) return `${finding.file}: ${PKCS12_DESCRIPTION}. Remove it and rotate the key pair.`;
  if (finding.rule === DOTENV_RULE) return `${finding.file}: ${DOTENV_DESCRIPTION}. Remove it from the index (git rm --cached) and rotate what it holds.${history(finding)}`;
  return `${describeRule(finding.rule)}: ${finding.masked}${finding.verified ? " (checksum-verified format)" : ""}${finding.decoded ? " (base64-encoded)" : ""}${history(finding)}`;
}

/** How to get past a finding, the three honest ways. */
function howToFix(options: SecretScanOptions): ReportBlock {
  const items = [
    options.mode === "staged"
      ? "remove the secret from the file and `git add` it again (read it from the environment or a secret manager instead)"
      : "remove the secret from the code and read it from the environment or a secret manager",
    "rotate it at the provider: once committed or pushed, treat it as leaked",
    "a false positive or a deliberate test value: add `crm-devex:allow <reason>` in a comment on that line, or put its fingerprint with a `# reason` in .crm-devex-secret-ignore",
  ];
  if (options.mode === "history") items.push("history cannot be un-leaked by a new commit: rotate first, then adopt the rest with `--baseline`");
  return { kind: "list", items, tone: "warn" };
}

export async function run(options: SecretScanOptions, ctx: RunContext): Promise<CommandResult> {
  const suppressions = await loadSuppressions(ctx.cwd, options);
  const source = await collect(options, ctx);
  let ignoredCount = 0;
  let baselineCount = 0;
  const findings = source.findings.filter((finding) => {
    if (suppressions.ignored.has(finding.fingerprint)) return void ignoredCount++, false;
    if (suppressions.baseline.has(finding.fingerprint)) return void baselineCount++, false;
    return true;
  });
  const { stats } = source;
  const files = new Set(findings.map((finding) => finding.file));
  const binaries = stats.skippedBinary ? `, ${stats.skippedBinary} binary` : "";
  const scanned = `${stats.files} ${source.scope === "standard input" ? "input" : "file"}${stats.files === 1 ? "" : "s"} (${formatBytes(stats.bytes)})${binaries}`;
  const envFiles = findings.filter((finding) => finding.rule === DOTENV_RULE).length;
  const secrets = findings.length - envFiles;
  const found = [
    ...(secrets ? [`${secrets} secret${secrets === 1 ? "" : "s"}`] : []),
    ...(envFiles ? [`${envFiles} .env file${envFiles === 1 ? "" : "s"}`] : []),
  ].join(" and ");
  const summary = findings.length
    ? `${found} in ${files.size} file${files.size === 1 ? "" : "s"} — ${source.scope}, ${scanned}`
    : `no secrets — ${source.scope}, ${scanned}`;

  const notes: string[] = [];
  if (ignoredCount) notes.push(`${ignoredCount} ignored by ${options.ignoreFile}`);
  if (baselineCount) notes.push(`${baselineCount} accepted by the baseline ${options.baseline}`);
  if (stats.skippedBinary) notes.push(`${stats.skippedBinary} binary file(s) checked by name and for PKCS#12 key stores, not for text secrets`);
  if (stats.skippedLarge) notes.push(`${stats.skippedLarge} file(s) over ${formatBytes(options.maxFileBytes)} skipped`);

  // Last line of defence for everything printed: a secret found in one file may be
  // copied on a printed line of another, so every found value is masked in every cell.
  const needles = maskNeedles(secretsOf(findings));
  const scrub = (text: string): string => maskEverywhere(text, needles);
  const blocks: ReportBlock[] = [];
  if (findings.length) {
    blocks.push({
      kind: "table",
      columns: ["location", "rule", "secret", "fingerprint"],
      rows: findings.map((finding) => [scrub(location(finding)), finding.rule, finding.line === 0 ? "(whole file)" : scrub(finding.masked), finding.fingerprint]),
    });
    const excerpts = findings.filter((finding) => finding.excerpt).map((finding) => scrub(`${location(finding)}  ${finding.excerpt}`));
    if (excerpts.length) blocks.push({ kind: "details", summary: "masked lines", blocks: [{ kind: "code", text: excerpts.join("\n") }] });
    blocks.push({ kind: "heading", text: "How to fix" }, howToFix(options));
  }
  if (notes.length) blocks.push({ kind: "paragraph", text: notes.join("; "), tone: "muted" });

  const ruleIds = [...new Set(findings.map((finding) => finding.rule))];
  const rules: RuleDescriptor[] = ruleIds.map((id) => ({ id, shortDescription: describeRule(id), level: "error" }));
  const reportFindings: Finding[] = findings.map((finding) => ({
    ruleId: finding.rule,
    level: "error",
    message: scrub(message(finding)),
    title: `secret-scan: ${finding.rule}`,
    location: { file: finding.file, ...(finding.line ? { line: finding.line, column: finding.column } : {}) },
    fingerprint: finding.fingerprint,
  }));

  return {
    command: "secret-scan",
    verdict: findings.length ? "failed" : "passed",
    summary,
    blocks,
    findings: reportFindings,
    work: workOf(stats, source),
    rules,
    warnings: source.warnings,
    json: {
      mode: options.mode,
      findings: findings.map((finding) => ({
        rule: finding.rule,
        file: finding.file,
        line: finding.line,
        column: finding.column,
        fingerprint: finding.fingerprint,
        masked: scrub(finding.masked),
        ...(finding.commit ? { commit: finding.commit, lastCommit: finding.lastCommit ?? finding.commit, commits: finding.commits ?? 1 } : {}),
        ...(finding.decoded ? { decoded: finding.decoded } : {}),
        ...(finding.verified ? { verified: finding.verified } : {}),
      })),
      scanned: { files: stats.files, bytes: stats.bytes, skippedBinary: stats.skippedBinary, skippedLarge: stats.skippedLarge },
      suppressed: { ignoreFile: ignoredCount, baseline: baselineCount },
    },
  };
}

/**
 * What the gate looked at. A binary file counts: its name was checked (a `.env`) and its bytes
 * sniffed for a PKCS#12 key store, so a binary-only change was examined, not waved through.
 * A file over the size cap was only checked by name: it does not count, and neither does a
 * deleted file (staged mode does not list deletions at all).
 */
function workOf(stats: ScanStats, source: SourceResult): GateWork {
  const count = stats.files + stats.skippedBinary;
  const binary = stats.skippedBinary ? `, ${stats.skippedBinary} of them binary, sniffed for key stores` : "";
  return {
    count,
    what: `files examined (${source.scope}${binary})`,
    missing: count ? undefined : (source.nothingToScan ?? `nothing to scan in ${source.scope}`),
  };
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
