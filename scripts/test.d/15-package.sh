#!/usr/bin/env bash
# The packed npm tarball, installed into an empty project, works (issues 2 and 14): it ships
# LICENSE and CHANGELOG.md but no source maps, its .d.ts type-checks in a consumer under
# TypeScript 5.9 and 6.0 defaults, and its install stays small (count and size printed).
set -euo pipefail
cd "${CRM_DEVEX_ROOT:-$(dirname "$0")/../..}"
[ -f packages/cli/dist/bin.js ] || npm run build --silent

# The consumer type-check needs TypeScript releases other than the workspace's: each in its
# own cached project under .cache/package-test (installed once, reused while the version holds).
for version in 5.9 6.0; do
  dir=".cache/package-test/typescript-$version"
  if [ ! -x "$dir/node_modules/.bin/tsc" ] || ! "$dir/node_modules/.bin/tsc" --version | grep -q "Version $version\."; then
    rm -rf "$dir" && mkdir -p "$dir"
    echo '{"name":"ts-'"$version"'","private":true}' > "$dir/package.json"
    npm install --prefix "$dir" --no-audit --no-fund --silent "typescript@~$version"
  fi
done
export CRM_DEVEX_TSC_5="$PWD/.cache/package-test/typescript-5.9/node_modules/.bin/tsc"
export CRM_DEVEX_TSC_6="$PWD/.cache/package-test/typescript-6.0/node_modules/.bin/tsc"

npx vitest run --config vitest.e2e.config.ts
