import { describe, expect, test } from "vitest";
import { expandEntries, expandValue } from "./expand.js";
import { parseEnvFile } from "./parse.js";

// The cases follow dotenv-expand v12's own test file (tests/.env.test), rewritten as a table.
const ENV: Record<string, string> = { BASIC: "basic", MACHINE: "machine_env", EMPTY: "", ONE: "one", TWO: "two" };
const lookup = (name: string): string | undefined => ENV[name];

describe("expandValue: dotenv-expand semantics", () => {
  test.each<[string, string, string]>([
    ["braced", "${BASIC}", "basic"],
    ["unbraced", "$BASIC", "basic"],
    ["inside a URL", "postgresql://postgres:${BASIC}@db/app", "postgresql://postgres:basic@db/app"], // crm-devex:allow a placeholder password expanded in a test
    ["unbraced ends at a non-name character", "ab-$ONE-cd", "ab-one-cd"],
    ["adjacent", "${ONE}${TWO} $ONE$TWO ${ONE}$TWO", "onetwo onetwo onetwo"],
    ["unknown expands to empty", "x${UNDEFINED}y$UNDEFINED", "xy"],
    [":- default when unset", "${UNDEFINED:-default}", "default"],
    [":- default when empty", "${EMPTY:-default}", "default"],
    [":- keeps a set value", "${MACHINE:-default}", "machine_env"],
    ["- default when unset", "${UNDEFINED-default}", "default"],
    ["default with colons and slashes", "${UNDEFINED:-/default/path:with/colon}", "/default/path:with/colon"],
    ["nested defaults", "${UNDEFINED:-${MACHINE:-default}}", "machine_env"],
    ["nested defaults twice", "${UNDEFINED:-${UNDEFINED:-${UNDEFINED:-default}}}", "default"],
    ["nested default with a reference", "${UNDEFINED:-${MACHINE}${UNDEFINED:-default}}", "machine_envdefault"],
    [":+ alternate when set", "${BASIC:+alternate}", "alternate"],
    [":+ empty when unset", "${UNDEFINED:+alternate}", ""],
    ["escaped dollar", "\\$ESCAPED", "$ESCAPED"],
    ["escaped braces", "price \\${BASIC}", "price ${BASIC}"],
    ["a lone dollar", "$", "$"],
    ["two dollars before digits", "abcd$$1234", "abcd$$1234"],
    ["unbraced default syntax is not a default", "$UNDEFINED:-/x", ":-/x"],
  ])("%s: %s → %s", (_name, value, expected) => {
    expect(expandValue(value, lookup).value).toBe(expected);
  });

  test("references are reported once per name, with whether they have a fallback", () => {
    expect(expandValue("${A}:${B:-b}@${A}/$C${C:-x}", () => undefined).references).toEqual([
      { name: "A", hasFallback: false },
      { name: "B", hasFallback: true },
      { name: "C", hasFallback: false },
    ]);
  });

  test("a value that refers to itself through the environment ends", () => {
    expect(expandValue("$LOOP", (name) => (name === "LOOP" ? "$LOOP" : undefined)).value).toBe("");
  });
});

describe("expandEntries", () => {
  test("entries see the ones above them (expanded), the environment wins, single quotes stay literal", () => {
    const entries = parseEnvFile(
      [
        "POSTGRES_USER=postgres",
        "POSTGRES_PASSWORD=changethis",
        "DATABASE_URL=postgresql://${POSTGRES_USER}:${POSTGRES_PASSWORD}@db/app",
        'QUOTED="${POSTGRES_USER}-x"',
        "LITERAL='${POSTGRES_USER}'",
        "FORWARD=${LATER}",
        "LATER=late",
      ].join("\n"),
      ".env",
    );
    const expanded = Object.fromEntries(expandEntries(entries, { POSTGRES_PASSWORD: "from-env" }).map((entry) => [entry.name, entry.value]));
    expect(expanded).toEqual({
      POSTGRES_USER: "postgres",
      POSTGRES_PASSWORD: "changethis",
      DATABASE_URL: "postgresql://postgres:from-env@db/app", // crm-devex:allow a placeholder password expanded in a test
      QUOTED: "postgres-x",
      LITERAL: "${POSTGRES_USER}",
      // As in dotenv-expand, only entries above are visible.
      FORWARD: "",
      LATER: "late",
    });
  });
});
