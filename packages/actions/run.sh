#!/usr/bin/env bash
# The one script every crm-devex composite action runs. It only shapes arguments, calls the
# bundled CLI and writes step outputs — all gate logic lives in the CLI.
#
#   run.sh COMMAND [ARG…]
#
# Action inputs arrive as environment variables and are expanded by bash inside quoted
# arguments (never `${{ }}` in the script: that would be template injection). So that an
# action.yml can pass optional inputs without shell logic of its own, arguments are shaped:
#   --flag=VALUE          passed as `--flag VALUE`; dropped when VALUE is empty
#   --flag=@lines:VALUE   one `--flag ITEM` per non-empty line of VALUE
#   @lines:VALUE          each non-empty line of VALUE as a positional argument
#   --flag=@bool:VALUE    `--flag` when VALUE is "true", nothing when "false" or empty, else an error
#   --flag=@not:VALUE     `--flag` when VALUE is "false", nothing when "true" or empty (--no-… flags)
#   anything else         passed through unchanged
# Environment: CRM_DEVEX_WORKING_DIRECTORY (--cwd), CRM_DEVEX_CONFIG (--config),
# CRM_DEVEX_OUTPUT_FIELDS ("name=json.path …": extra step outputs read from the JSON report),
# CRM_DEVEX_CLI_OUTPUTS ("name …": outputs the CLI writes to $GITHUB_OUTPUT itself, such as preview's
# preview-url; run.sh never writes those again, since the last write of an output wins).
# Step outputs: verdict (passed | failed | error), exit-code, summary, report (JSON file).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cli="$here/dist/crm-devex.mjs"
command_name="${1:?usage: run.sh COMMAND [ARG…]}"
shift

# Trim surrounding blanks and skip empty lines; print one item per line.
lines() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e '/^$/d' <<< "$1"; }

args=()
for word in "$@"; do
  case "$word" in
    @lines:*)
      while IFS= read -r item; do args+=("$item"); done < <(lines "${word#@lines:}") ;;
    --*=@lines:*)
      while IFS= read -r item; do args+=("${word%%=*}" "$item"); done < <(lines "${word#*=@lines:}") ;;
    --*=@bool:*)
      case "${word#*=@bool:}" in
        true) args+=("${word%%=*}") ;;
        false | "") ;;
        *) echo "::error title=crm-devex::${word%%=*} expects true or false, got '${word#*=@bool:}'"; exit 2 ;;
      esac ;;
    --*=@not:*)
      case "${word#*=@not:}" in
        false) args+=("${word%%=*}") ;;
        true | "") ;;
        *) echo "::error title=crm-devex::${word%%=*} expects true or false, got '${word#*=@not:}'"; exit 2 ;;
      esac ;;
    --*=*)
      [ -n "${word#*=}" ] && args+=("${word%%=*}" "${word#*=}") ;;
    *) args+=("$word") ;;
  esac
done

report="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/crm-devex-${command_name// /-}-$$.json"
global=(--format github --json-output "$report")
[ -n "${CRM_DEVEX_WORKING_DIRECTORY:-}" ] && global+=(--cwd "$CRM_DEVEX_WORKING_DIRECTORY")
[ -n "${CRM_DEVEX_CONFIG:-}" ] && global+=(--config "$CRM_DEVEX_CONFIG")

# `node --`: Node 20 otherwise reads an --env-file flag meant for the CLI as its own option.
# shellcheck disable=SC2086 # command_name may be "preview deploy": two words on purpose
node -- "$cli" $command_name ${args[@]+"${args[@]}"} "${global[@]}"
code=$?

case "$code" in
  0) verdict=passed ;;
  1) verdict=failed ;;
  *) verdict=error ;;
esac
# A field of the JSON report by dotted path ("previewUrl", "modules.0.percent"); empty when absent.
json_field() {
  node -e 'let v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const k of process.argv[2].split(".")) v = v == null ? undefined : v[k];
    if (v != null) process.stdout.write(typeof v === "object" ? JSON.stringify(v) : String(v));' "$1" "$2"
}
summary=""
[ -f "$report" ] && summary="$(json_field "$report" summary)"

if [ -n "${GITHUB_OUTPUT:-}" ]; then
  # Multi-line values use a random heredoc delimiter so report text cannot end the value early
  # and smuggle in other outputs.
  delimiter="crm-devex-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  {
    echo "verdict=$verdict"
    echo "exit-code=$code"
    [ -f "$report" ] && echo "report=$report"
    printf 'summary<<%s\n%s\n%s\n' "$delimiter" "$summary" "$delimiter"
    for field in ${CRM_DEVEX_OUTPUT_FIELDS:-}; do
      name="${field%%=*}"
      case " ${CRM_DEVEX_CLI_OUTPUTS:-} " in *" $name "*) continue ;; esac
      value=""
      [ -f "$report" ] && value="$(json_field "$report" "${field#*=}")"
      printf '%s<<%s\n%s\n%s\n' "$name" "$delimiter" "$value" "$delimiter"
    done
  } >> "$GITHUB_OUTPUT"
fi
exit "$code"
