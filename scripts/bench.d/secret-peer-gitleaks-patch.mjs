#!/usr/bin/env node
// Patches a copy of gitleaks' generator (cmd/generate/config/utils, under .cache/bench only) so that
// utils.Validate and utils.ValidateWithPaths append every true and false positive they are given to the JSON-lines
// file named by $GITLEAKS_SAMPLES_OUT: {rule, kind: "tp"|"fp", path, text}. Nothing else changes.
// Usage: node secret-peer-gitleaks-patch.mjs GENERATOR_UTILS_DIR
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
if (!dir) throw new Error("usage: secret-peer-gitleaks-patch.mjs GENERATOR_UTILS_DIR");
writeFileSync(
  join(dir, "dump_samples.go"),
  `package utils

import (
	"encoding/json"
	"os"
)

func dumpSamples(rule string, kind string, path string, text string) {
	out := os.Getenv("GITLEAKS_SAMPLES_OUT")
	if out == "" {
		return
	}
	f, err := os.OpenFile(out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		panic(err)
	}
	defer f.Close()
	line, _ := json.Marshal(map[string]string{"rule": rule, "kind": kind, "path": path, "text": text})
	_, _ = f.Write(append(line, '\\n'))
}
`,
);
const file = join(dir, "validate.go");
let src = readFileSync(file, "utf8");
const hooks = [
  ["for _, tp := range truePositives {", "_", '""'],
  ["for path, tp := range truePositives {", "path", "path"],
];
for (const [loop, key, path] of hooks) {
  const at = src.indexOf(loop);
  if (at < 0) throw new Error(`gitleaks generator changed: no "${loop}" in ${file}`);
  const dump = `for ${key}, tp := range truePositives {\n\t\tdumpSamples(r.RuleID, "tp", ${path}, tp)\n\t}\n\tfor ${key}, fp := range falsePositives {\n\t\tdumpSamples(r.RuleID, "fp", ${path}, fp)\n\t}\n\t`;
  src = src.slice(0, at) + dump + src.slice(at);
}
writeFileSync(file, src);
