#!/usr/bin/env node
// Writes the peers' own hand-written secret-scanner fixtures as one file per sample, for the recall bench:
//   OUT/<source>/pos/NNNN-name/<file>   a sample the peer's test expects to be found
//   OUT/<source>/neg/NNNN-name/<file>   a sample the peer's test expects NOT to be found
// Read at bench time from the peers' sources (nothing of theirs is committed here):
//   gitleaks      the tps/fps of each rule in cmd/generate/config/rules/*.go, as gitleaks' generator passes them
//                 to utils.Validate (two JSON-lines dumps of two generator runs; a sample that differs between
//                 the runs came from secrets.NewSecret(regex), a random string drawn from the rule's own regex,
//                 and is left out: it tests the regex against itself, not a real-world format)
//   secretlint    packages/@secretlint/secretlint-rule-*/test/snapshots/*: the input file, a secret when the
//                 snapshot's output.json has messages
//   detect-secrets tests/plugins/*_test.py parametrize tables (secret-peer-samples.py)
//   trufflehog    pkg/detectors/*/*_test.go `input:` / `want:` rows of the pattern tests (want empty: negative)
// Usage: node secret-peer-fixtures.mjs OUT [gitleaks=A.jsonl,B.jsonl] [secretlint=DIR] [detect-secrets=DIR] [trufflehog=DIR]
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [out, ...sourceArgs] = process.argv.slice(2);
if (!out) throw new Error("usage: secret-peer-fixtures.mjs OUT [source=PATH…]");
const sources = Object.fromEntries(sourceArgs.map((arg) => [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]));
rmSync(out, { recursive: true, force: true });

const safe = (name) => name.replace(/[^A-Za-z0-9._-]+/g, "_").slice(0, 60);

// --- gitleaks: the generator's own Validate() inputs ---------------------------------------------------------
function gitleaks([first, second]) {
  const load = (file) => readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
  const key = (s) => JSON.stringify([s.rule, s.kind, s.path, s.text]);
  const again = new Set(load(second).map(key));
  const samples = [];
  const seen = new Set();
  let random = 0;
  for (const sample of load(first)) {
    if (!again.has(key(sample))) {
      random++;
      continue;
    }
    const id = JSON.stringify([sample.kind, sample.path, sample.text]);
    if (seen.has(id)) continue;
    seen.add(id);
    samples.push({ name: `${sample.rule}-${sample.kind}`, file: sample.path ? basename(sample.path) : "sample.txt", text: sample.text, secret: sample.kind === "tp" });
  }
  // A rule's false positive is "this rule must not fire"; when the same text is another rule's true positive it is
  // a secret all the same, so it is not counted as a negative.
  const secretTexts = new Set(samples.filter((s) => s.secret).map((s) => s.text));
  const kept = samples.filter((s) => s.secret || !secretTexts.has(s.text));
  return { samples: kept, note: `${random} randomly generated samples (secrets.NewSecret) left out` };
}

// --- secretlint: rule snapshots ---------------------------------------------------------------------------------
// Not detection rules of a format: examples, test doubles, user-configured patterns, comment filters, home dirs,
// and .env file names (its snapshots are driven by allow-lists set in the test file).
const SECRETLINT_SKIP = /secretlint-rule-(example|internal-test|pattern|filter-comments|no-homedir|no-dotenv|preset-)/;
function secretlint(dir) {
  const base = join(dir, "packages", "@secretlint");
  const samples = [];
  for (const rule of readdirSync(base).filter((name) => name.startsWith("secretlint-rule-") && !SECRETLINT_SKIP.test(name))) {
    const snapshots = join(base, rule, "test", "snapshots");
    if (!existsSync(snapshots)) continue;
    for (const snapshot of readdirSync(snapshots)) {
      const here = join(snapshots, snapshot);
      if (!statSync(here).isDirectory() || !existsSync(join(here, "output.json"))) continue;
      const files = readdirSync(here);
      // Options change what the rule reports (allow lists, disabled ids): the sample is not about the format.
      if (files.some((f) => f.startsWith("options."))) continue;
      const inputs = files.filter((f) => f !== "output.json" && statSync(join(here, f)).isFile());
      const input = inputs.find((f) => f.startsWith("input")) ?? inputs[0];
      if (!input) continue;
      // The snapshot's name says what the rule must do (`ng.*` a secret, `ok.*` none); unnamed ones are
      // judged by the recorded output.
      const messages = JSON.parse(readFileSync(join(here, "output.json"), "utf8")).messages ?? [];
      const secret = snapshot.startsWith("ng.") ? true : snapshot.startsWith("ok.") ? false : messages.length > 0;
      samples.push({ name: `${rule.replace("secretlint-rule-", "")}-${snapshot}`, file: input, bytes: readFileSync(join(here, input)), secret });
    }
  }
  return { samples };
}

// --- detect-secrets: plugin test tables -------------------------------------------------------------------------
function detectSecrets(dir) {
  const script = join(dirname(fileURLToPath(import.meta.url)), "secret-peer-samples.py");
  const lines = execFileSync("python3", [script, dir], { encoding: "utf8", maxBuffer: 64 << 20 }).split("\n").filter(Boolean);
  const seen = new Set();
  const samples = [];
  for (const row of lines.map((line) => JSON.parse(line))) {
    const id = JSON.stringify([row.text, row.ext, row.secret]);
    if (seen.has(id)) continue;
    seen.add(id);
    samples.push({ name: row.name, file: `sample.${row.ext}`, text: row.text, secret: row.secret });
  }
  return { samples };
}

// --- trufflehog: detector pattern tests (static reading of the Go test tables) -------------------------------
function goString(src, at) {
  // Returns [value, end] for the Go string literal starting at src[at], or null.
  const quote = src[at];
  if (quote === "`") {
    const end = src.indexOf("`", at + 1);
    return end < 0 ? null : [src.slice(at + 1, end), end + 1];
  }
  if (quote !== '"') return null;
  let value = "";
  for (let i = at + 1; i < src.length; i++) {
    const ch = src[i];
    if (ch === '"') return [value, i + 1];
    if (ch === "\n") return null;
    if (ch !== "\\") {
      value += ch;
      continue;
    }
    const next = src[++i];
    const simple = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\", "'": "'", a: "\x07", b: "\b", f: "\f", v: "\v" };
    if (next in simple) {
      value += simple[next];
    } else if (next === "x") {
      value += String.fromCharCode(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (next === "u") {
      value += String.fromCharCode(parseInt(src.slice(i + 1, i + 5), 16));
      i += 4;
    } else if (/[0-7]/.test(next)) {
      value += String.fromCharCode(parseInt(src.slice(i, i + 3), 8));
      i += 2;
    } else {
      value += next;
    }
  }
  return null;
}

// Evaluates a Go expression made of string literals, names of string constants, `+` and fmt.Sprintf with %s/%v/%d/%q.
function goExpr(src, at, names) {
  const parts = [];
  let i = at;
  const skip = () => {
    while (/[ \t\r\n]/.test(src[i] ?? "")) i++;
  };
  for (;;) {
    skip();
    let value;
    if (src[i] === '"' || src[i] === "`") {
      const lit = goString(src, i);
      if (!lit) return null;
      [value, i] = lit;
    } else if (src.startsWith("fmt.Sprintf(", i)) {
      i += "fmt.Sprintf(".length;
      const args = [];
      for (;;) {
        const arg = goExpr(src, i, names);
        if (!arg) return null;
        args.push(arg[0]);
        i = arg[1];
        skip();
        if (src[i] === ",") {
          i++;
          skip();
          if (src[i] === ")") break;
          continue;
        }
        break;
      }
      if (src[i] !== ")") return null;
      i++;
      const [format, ...rest] = args;
      let n = 0;
      let failed = false;
      value = format.replace(/%(-?\d*)([svdq%])/g, (_, _w, verb) => {
        if (verb === "%") return "%";
        if (n >= rest.length) return (failed = true), "";
        const arg = rest[n++];
        return verb === "q" ? JSON.stringify(arg) : arg;
      });
      if (failed || /%[^svdq%]/.test(format.replace(/%%/g, ""))) return null;
    } else {
      const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 80));
      if (!ident || !(ident[0] in names)) return null;
      const resolved = names[ident[0]]();
      if (resolved == null) return null;
      value = resolved;
      i += ident[0].length;
    }
    parts.push(value);
    skip();
    if (src[i] === "+") {
      i++;
      continue;
    }
    return [parts.join(""), i];
  }
}

function trufflehog(dir) {
  const base = join(dir, "pkg", "detectors");
  const samples = [];
  let unreadable = 0;
  for (const detector of readdirSync(base).sort()) {
    const here = join(base, detector);
    if (!statSync(here).isDirectory()) continue;
    for (const file of readdirSync(here).filter((f) => f.endsWith("_test.go") && !f.includes("integration"))) {
      const src = readFileSync(join(here, file), "utf8");
      if (/^\/\/go:build .*detectors/m.test(src.slice(0, 200))) continue; // live-API tests
      // String constants and variables anywhere in the file, evaluated on first use.
      const names = {};
      for (const m of src.matchAll(/(?:^|\n)[ \t]*(?:(?:const|var)[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?:string[ \t]*)?:?=[ \t]*/g)) {
        const name = m[1];
        if (name in names || ["input", "want", "name", "tests", "d"].includes(name)) continue;
        const at = m.index + m[0].length;
        let cache;
        let busy = false;
        names[name] = () => {
          if (cache !== undefined) return cache;
          if (busy) return null;
          busy = true;
          const value = goExpr(src, at, names);
          cache = value ? value[0] : null;
          return cache;
        };
      }
      const rows = [...src.matchAll(/\n[ \t]*input:[ \t]*/g)];
      rows.forEach((row, k) => {
        const start = row.index + row[0].length;
        const end = k + 1 < rows.length ? rows[k + 1].index : src.length;
        const expr = goExpr(src, start, names);
        const want = /\n[ \t]*want:[ \t]*([^\n]*)/.exec(src.slice(start, end));
        if (!expr || !want) return void unreadable++;
        const empty = /^(nil|\[\]string\{\s*\}|\[\]string\(nil\))\s*,?\s*(\/\/.*)?$/.test(want[1].trim());
        const caseName = /name:[ \t]*"([^"]*)"/.exec(src.slice(Math.max(0, row.index - 300), row.index).split("{").pop() ?? "");
        samples.push({ name: `${detector}-${caseName ? caseName[1] : k}`, file: "sample.txt", text: expr[0], secret: !empty });
      });
    }
  }
  const seen = new Set();
  const unique = samples.filter((s) => {
    const id = JSON.stringify([s.text, s.secret]);
    return seen.has(id) ? false : (seen.add(id), true);
  });
  return { samples: unique, note: `${unreadable} rows not readable statically left out` };
}

const readers = { gitleaks: (arg) => gitleaks(arg.split(",")), secretlint, "detect-secrets": detectSecrets, trufflehog };
const summary = {};
for (const [source, arg] of Object.entries(sources)) {
  if (!readers[source]) throw new Error(`unknown source ${source}`);
  const { samples, note } = readers[source](arg);
  let index = 0;
  for (const sample of samples) {
    const dir = join(out, source, sample.secret ? "pos" : "neg", `${String(index++).padStart(4, "0")}-${safe(sample.name)}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, sample.file), sample.bytes ?? sample.text);
  }
  summary[source] = { positives: samples.filter((s) => s.secret).length, negatives: samples.filter((s) => !s.secret).length, ...(note ? { note } : {}) };
}
console.log(JSON.stringify(summary));
