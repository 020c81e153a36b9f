// What counts as a workflow and as a command line in the docs.
import { describe, expect, test } from "vitest";
// @ts-expect-error -- a plain .mjs module without types
import { asWorkflow, codeBlocks, commandLines, workflows } from "./extract.mjs";

describe("codeBlocks", () => {
  test("language, first body line and the illustrative marker", () => {
    const markdown = ["# t", "", "<!-- docs-test: illustrative needs a cluster -->", "", "```sh", "npx crm-devex check", "```", "", "```yaml", "a: 1", "```"].join("\n");
    expect(codeBlocks(markdown)).toEqual([
      { language: "sh", body: "npx crm-devex check", line: 6, illustrative: "needs a cluster" },
      { language: "yaml", body: "a: 1", line: 10, illustrative: undefined },
    ]);
  });
});

describe("asWorkflow", () => {
  test.each([
    ["a whole workflow stays as it is", "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n", /^on: push/],
    ["a jobs: fragment gets a trigger and no token", "jobs:\n  ci:\n    uses: o/r/.github/workflows/x.yml@v1\n", /^name: docs fragment\non:\n {2}pull_request:\npermissions: \{\}\njobs:/],
    ["a list of steps gets a job", "- run: npx crm-devex check\n", /jobs:\n {2}docs:\n[\s\S]*steps:\n {6}- run: npx crm-devex check/],
  ])("%s", (_name, yaml, expected) => {
    expect(asWorkflow(yaml)).toMatch(expected);
  });

  test.each([["an OpenAPI document", "openapi: 3.1.0\npaths: {}\n"], ["a config file", "contractDiff:\n  head: openapi.json\n"], ["not YAML", "a: [\n"]])("%s is not a workflow", (_name, yaml) => {
    expect(asWorkflow(yaml)).toBeUndefined();
  });
});

test("the docs' preview workflows are extracted, and their run: lines with the step's env", () => {
  const names = (workflows() as { doc: string }[]).map((workflow) => workflow.doc);
  expect(names.filter((doc) => doc === "docs/preview.md")).toHaveLength(2);
  const deploy = (commandLines() as { doc: string; command: string; env?: Record<string, string> }[]).find((command) => command.doc === "docs/preview.md" && command.command.includes('preview "$STAGE"'));
  expect(deploy?.env).toMatchObject({ STAGE: "${{ needs.read.outputs.stage }}" });
  // A folded run: >- script is one command line.
  expect(deploy?.command).toContain("--format github");
});
