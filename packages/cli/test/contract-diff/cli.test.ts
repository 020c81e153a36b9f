/** End-to-end runs of `crm-devex contract-diff` in-process: exit codes, formats, inputs, ignore file, consumers, check. */
import { execFileSync } from "node:child_process";
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parse, stringify } from "yaml";
import { makeTree, runCommand } from "../helpers.js";

const BASE_TEXT = readFileSync(join(import.meta.dirname, "corpus", "_base", "crm-api.yaml"), "utf8");

// Tests reach deep into parsed YAML; a precise type for every spec path would only add noise.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

/** The base CRM spec with `edit` applied to a parsed copy. */
function edited(edit: (spec: Loose) => void): string {
  const spec = parse(BASE_TEXT) as Loose;
  edit(spec);
  return stringify(spec);
}

const withoutDelete = edited((spec) => delete spec.paths["/properties/{id}"].delete);
const withOptionalField = edited((spec) => (spec.components.schemas.Property.properties.floor_area = { type: "number" }));

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.test", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.test" } });
}

describe("contract-diff CLI", () => {
  let tree: Awaited<ReturnType<typeof makeTree>>;
  beforeAll(async () => {
    tree = await makeTree({ "base.yaml": BASE_TEXT, "removed.yaml": withoutDelete, "added.yaml": withOptionalField });
  });
  afterAll(() => tree.cleanup());

  test("a removed endpoint fails with exit 1 and names the operation", async () => {
    const run = await runCommand(["contract-diff", "base.yaml", "removed.yaml"], { cwd: tree.dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("FAIL");
    expect(run.stdout).toContain("DELETE /properties/{id}");
    expect(run.stdout).toContain("endpoint-removed");
  });

  test("an optional response field passes with exit 0, listed as non-breaking", async () => {
    const run = await runCommand(["contract-diff", "base.yaml", "added.yaml", "--format", "json"], { cwd: tree.dir });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ schemaVersion: 1, command: "contract-diff", verdict: "passed", breaking: 0 });
    expect(report.changes.every((change: { level: string }) => change.level === "info")).toBe(true);
    expect(report.changes[0]).toMatchObject({ id: "response-property-added", level: "info", operation: expect.stringMatching(/^(GET|POST|PATCH) \//), location: expect.stringContaining("Property.floor_area") });
  });

  test("--fail-on info fails on a non-breaking change", async () => {
    const run = await runCommand(["contract-diff", "base.yaml", "added.yaml", "--fail-on", "info"], { cwd: tree.dir });
    expect(run.exitCode).toBe(1);
  });

  test("text groups by operation with breaking operations first", async () => {
    const both = edited((spec) => {
      delete spec.paths["/properties/{id}"].delete;
      spec.paths["/agents"] = { get: { responses: { "200": { description: "ok" } } } };
    });
    await writeFile(join(tree.dir, "both.yaml"), both);
    const run = await runCommand(["contract-diff", "base.yaml", "both.yaml"], { cwd: tree.dir });
    expect(run.stdout.indexOf("DELETE /properties/{id}")).toBeLessThan(run.stdout.indexOf("GET /agents"));
  });

  test("markdown has the counts up top and collapsible details", async () => {
    const run = await runCommand(["contract-diff", "base.yaml", "removed.yaml", "--format", "markdown"], { cwd: tree.dir });
    expect(run.stdout).toMatch(/^### crm-devex contract-diff: ❌ failed/);
    expect(run.stdout.indexOf("| breaking | 1 |")).toBeLessThan(run.stdout.indexOf("<details>"));
    expect(run.stdout).toContain("<details><summary>DELETE /properties/{id} — 1 breaking</summary>");
  });

  test("github annotates the head file at the line of the change", async () => {
    const retyped = edited((spec) => (spec.components.schemas.Property.properties.price.type = "string"));
    await writeFile(join(tree.dir, "retyped.yaml"), retyped);
    const run = await runCommand(["contract-diff", "base.yaml", "retyped.yaml", "--format", "github"], { cwd: tree.dir });
    expect(run.exitCode).toBe(1);
    const annotation = run.stdout.split("\n").find((line) => line.startsWith("::error "))!;
    const line = Number(/line=(\d+)/.exec(annotation)![1]);
    const lines = retyped.split("\n");
    // the annotated line is the `price:` key of the Property schema (its type is on the next line)
    expect(lines[line - 1]!.trim()).toBe("price:");
    expect(lines.slice(line, line + 3).join("\n")).toContain("type: string");
    expect(annotation).toContain("file=retyped.yaml");
  });

  test("YAML merge keys: a change inside a merged mapping is found and annotated where the mapping spells it", async () => {
    const mergedSpec = (emailType: string) =>
      [
        "openapi: 3.0.3",
        "info: {title: crm, version: '1'}",
        "x-client: &client",
        "  type: object",
        "  required: [id]",
        "  properties:",
        "    id: {type: string}",
        `    email: {type: ${emailType}}`,
        "paths:",
        "  /clients/{id}:",
        "    get:",
        "      parameters: [{name: id, in: path, required: true, schema: {type: string}}]",
        "      responses:",
        "        '200':",
        "          description: ok",
        "          content:",
        "            application/json:",
        "              schema:",
        "                <<: *client",
        "                description: one client",
        "",
      ].join("\n");
    await writeFile(join(tree.dir, "merged-base.yaml"), mergedSpec("string"));
    await writeFile(join(tree.dir, "merged-head.yaml"), mergedSpec("integer"));
    const run = await runCommand(["contract-diff", "merged-base.yaml", "merged-head.yaml", "--format", "github"], { cwd: tree.dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("GET /clients/{id}");
    const annotation = run.stdout.split("\n").find((line) => line.startsWith("::error "))!;
    expect(annotation).toContain("file=merged-head.yaml");
    // line 8: `email: {type: integer}` inside the anchored x-client mapping
    expect(Number(/line=(\d+)/.exec(annotation)![1])).toBe(8);
  });

  test("github annotations find the line in a JSON head too", async () => {
    const spec = parse(withOptionalField);
    spec.components.schemas.Property.properties.price.type = "string";
    const json = JSON.stringify(spec, null, 2);
    await writeFile(join(tree.dir, "retyped.json"), json);
    const run = await runCommand(["contract-diff", "base.yaml", "retyped.json", "--format", "github"], { cwd: tree.dir });
    const annotation = run.stdout.split("\n").find((line) => line.startsWith("::error "))!;
    const line = Number(/line=(\d+)/.exec(annotation)![1]);
    expect(json.split("\n")[line - 1]!.trim()).toBe('"price": {');
  });

  test.each([
    ["broken.json", '{"openapi": "3.0.3",\n  "paths": {\n    "/a": [\n}', /^error: broken\.json:4:1: invalid JSON/],
    ["broken.yaml", "openapi: 3.0.3\npaths:\n  /a:\n    get: {\n", /^error: broken\.yaml:\d+:\d+: invalid YAML/],
    ["not-openapi.yaml", "name: my-service\nversion: 1\n", /^error: not-openapi\.yaml:1: not an OpenAPI document/],
    ["old.yaml", "swagger: '1.2'\n", /^error: old\.yaml:1: unsupported swagger version/],
    ["dangling.yaml", "openapi: 3.1.0\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          $ref: '#/components/responses/Gone'\n", /^error: dangling\.yaml:7: \$ref "#\/components\/responses\/Gone" cannot be resolved/],
  ])("bad input %s exits 2 naming the file and line, without a stack trace", async (name, content, message) => {
    await writeFile(join(tree.dir, name), content);
    const run = await runCommand(["contract-diff", "base.yaml", name], { cwd: tree.dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\bat .*\.(?:ts|js):\d+/);
    expect(run.stdout).toBe("");
  });

  test("a missing file, a bad git: argument and a lone BASE are usage or input errors", async () => {
    expect((await runCommand(["contract-diff", "base.yaml", "nope.yaml"], { cwd: tree.dir })).stderr).toContain("error: nope.yaml: file not found");
    expect((await runCommand(["contract-diff", "git:main", "base.yaml"], { cwd: tree.dir })).stderr).toContain("expected git:REF:PATH");
    const lone = await runCommand(["contract-diff", "base.yaml"], { cwd: tree.dir });
    expect(lone.exitCode).toBe(2);
    expect(lone.stderr).toContain("give both BASE and HEAD");
  });

  test("--output writes the same report", async () => {
    const run = await runCommand(["contract-diff", "base.yaml", "removed.yaml", "--format", "json", "--output", "out/report.json"], { cwd: tree.dir });
    expect(JSON.parse(readFileSync(join(tree.dir, "out", "report.json"), "utf8"))).toEqual(JSON.parse(run.stdout));
  });
});

describe("contract-diff --ignore", () => {
  let tree: Awaited<ReturnType<typeof makeTree>>;
  beforeAll(async () => {
    tree = await makeTree({ "base.yaml": BASE_TEXT, "removed.yaml": withoutDelete });
  });
  afterAll(() => tree.cleanup());

  test("an accepted break passes and is listed with its reason; the match survives a path parameter rename", async () => {
    await writeFile(join(tree.dir, "accepted.yaml"), "- id: endpoint-removed\n  operation: delete /properties/{propertyId}\n  reason: withdrawn listings are archived by the nightly job now\n  until: 2999-01-01\n");
    const run = await runCommand(["contract-diff", "base.yaml", "removed.yaml", "--ignore", "accepted.yaml", "--format", "json"], { cwd: tree.dir });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.accepted).toEqual([expect.objectContaining({ id: "endpoint-removed", operation: "DELETE /properties/{id}", reason: expect.stringContaining("nightly"), until: "2999-01-01" })]);
    expect(report.breaking).toBe(0);
  });

  test("operation \"*\" with a location accepts one component's change everywhere; an entry matching nothing is reported", async () => {
    const widened = edited((spec) => spec.components.schemas.PropertyStatus.enum.push("auction"));
    await writeFile(join(tree.dir, "widened.yaml"), widened);
    await writeFile(
      join(tree.dir, "wildcard.yaml"),
      [
        "- id: response-enum-value-added",
        '  operation: "*"',
        "  location: PropertyStatus",
        "  reason: clients map unknown statuses to Other since web 5.0",
        "- id: endpoint-removed",
        "  operation: GET /viewings",
        "  reason: stale entry",
        "",
      ].join("\n"),
    );
    const run = await runCommand(["contract-diff", "base.yaml", "widened.yaml", "--ignore", "wildcard.yaml", "--format", "json"], { cwd: tree.dir });
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.accepted.length).toBe(6);
    expect(report.accepted.every((entry: { id: string }) => entry.id === "response-enum-value-added")).toBe(true);
    expect(report.warnings).toEqual(["wildcard.yaml:5: the entry for endpoint-removed on GET /viewings matches no change; remove it"]);
  });

  test("an expired entry stops applying and says so", async () => {
    await writeFile(join(tree.dir, "expired.yaml"), "- id: endpoint-removed\n  operation: DELETE /properties/{id}\n  reason: temporary\n  until: 2020-01-01\n");
    const run = await runCommand(["contract-diff", "base.yaml", "removed.yaml", "--ignore", "expired.yaml"], { cwd: tree.dir });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("warning: expired.yaml:1: the entry for endpoint-removed on DELETE /properties/{id} expired on 2020-01-01");
  });

  test.each([
    ["unknown rule", "- id: endpoint-gone\n  operation: GET /a\n  reason: because\n", /expired|unknown rule id "endpoint-gone"/, 1],
    ["no reason", "- id: endpoint-removed\n  operation: GET /a\n", /ignore file: 0\.reason: Required/, 1],
    ["bad date", "- id: endpoint-removed\n  operation: GET /a\n  reason: because\n  until: next week\n", /0\.until: expected a date as YYYY-MM-DD/, 4],
    ["unknown key", "- id: endpoint-removed\n  operation: GET /a\n  reason: because\n  expires: 2030-01-01\n", /unknown key "expires"/, 4],
  ])("a malformed ignore file (%s) exits 2 naming file and line", async (_name, content, message, line) => {
    await writeFile(join(tree.dir, "bad-ignore.yaml"), content);
    const run = await runCommand(["contract-diff", "base.yaml", "removed.yaml", "--ignore", "bad-ignore.yaml"], { cwd: tree.dir });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toContain(`bad-ignore.yaml:${line}`);
  });
});

describe("contract-diff --consumers", () => {
  test("lists the call sites of removed and changed operations, not of untouched ones", async () => {
    const renamed = edited((spec) => {
      delete spec.paths["/properties/{id}"].delete;
      spec.components.schemas.Client.properties.full_name.type = "integer";
    });
    const tree = await makeTree({
      "base.yaml": BASE_TEXT,
      "head.yaml": renamed,
      "web/src/api/properties.ts": [
        'import { client } from "./client";',
        "export const getProperty = (id: number) => client.request(\"GET\", `api/properties/${id}`);",
        "export const withdraw = (id: number) => client.request(\"DELETE\", `api/properties/${id}`);",
        "export async function withdrawWithFetch(id: number) {",
        "  return fetch(`${API_URL}/properties/${id}`, {",
        '    method: "DELETE",',
        "  });",
        "}",
        'export const withdrawAxios = (id: number) => axios.delete("/properties/" + id);',
        'export const withdrawGenerated = (id: number) => api.DELETE("/properties/{id}", { params: { path: { id } } });',
        'export const readGenerated = (id: number) => api.GET("/properties/{id}", { params: { path: { id } } });',
      ].join("\n"),
      "web/src/api/clients.ts": "export const listClients = () => http.get<Client[]>('/clients');\nexport const search = () => http.get(`/clients?search=${q}`);\n",
      "web/node_modules/lib/index.js": "fetch('/properties/1', { method: 'DELETE' })",
      "web/src/api/properties.test.ts": "fetch('/properties/1', { method: 'DELETE' })",
      "web/src/__mocks__/handlers.ts": "http.delete('/properties/:id', () => null)",
    });
    try {
      const run = await runCommand(["contract-diff", "base.yaml", "head.yaml", "--consumers", "web", "--format", "json"], { cwd: tree.dir });
      const report = JSON.parse(run.stdout);
      const removed = report.changes.find((change: { id: string }) => change.id === "endpoint-removed");
      expect(removed.callSites).toEqual([
        { file: "web/src/api/properties.ts", line: 3 },
        { file: "web/src/api/properties.ts", line: 5 },
        { file: "web/src/api/properties.ts", line: 9 },
        { file: "web/src/api/properties.ts", line: 10 },
      ]);
      const retyped = report.changes.find((change: { id: string; operation: string }) => change.id === "response-type-changed" && change.operation === "GET /clients");
      expect(retyped.callSites).toEqual([
        { file: "web/src/api/clients.ts", line: 1 },
        { file: "web/src/api/clients.ts", line: 2 },
      ]);
      const text = await runCommand(["contract-diff", "base.yaml", "head.yaml", "--consumers", "web"], { cwd: tree.dir });
      expect(text.stdout).toContain("used by 4 call sites:");
      expect(text.stdout).toContain("web/src/api/properties.ts:5");
      const missing = await runCommand(["contract-diff", "base.yaml", "head.yaml", "--consumers", "nowhere"], { cwd: tree.dir });
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toContain("nowhere: --consumers: not a directory");
    } finally {
      await tree.cleanup();
    }
  });
});

describe("contract-diff inputs: URL and git", () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === "/openapi.yaml") {
        response.writeHead(200, { "content-type": "application/yaml" });
        response.end(BASE_TEXT);
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("reads a spec from an http URL and reports HTTP errors as input errors", async () => {
    const tree = await makeTree({ "removed.yaml": withoutDelete });
    try {
      const run = await runCommand(["contract-diff", `${url}/openapi.yaml`, "removed.yaml"], { cwd: tree.dir });
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toContain(`${url}/openapi.yaml → removed.yaml`);
      const missing = await runCommand(["contract-diff", `${url}/missing.yaml`, "removed.yaml"], { cwd: tree.dir });
      expect(missing.exitCode).toBe(2);
      expect(missing.stderr).toContain(`${url}/missing.yaml: HTTP 404`);
    } finally {
      await tree.cleanup();
    }
  });

  test("git:REF:PATH, and no arguments: the same file on main (paths from the repository root)", async () => {
    const tree = await makeTree({ "api/openapi.yaml": BASE_TEXT, "api/crm-devex.config.yaml": "contractDiff:\n  head: openapi.yaml\n" });
    try {
      git(tree.dir, "init", "-q", "-b", "main");
      git(tree.dir, "add", ".");
      git(tree.dir, "commit", "-q", "-m", "spec");
      git(tree.dir, "checkout", "-q", "-b", "feature");
      await writeFile(join(tree.dir, "api", "openapi.yaml"), withoutDelete);
      const cwd = join(tree.dir, "api");
      const explicit = await runCommand(["contract-diff", "git:main:api/openapi.yaml", "openapi.yaml"], { cwd });
      expect(explicit.exitCode).toBe(1);
      const cwdRelative = await runCommand(["contract-diff", "git:main:./openapi.yaml", "openapi.yaml"], { cwd });
      expect(cwdRelative.exitCode).toBe(1);
      const implicit = await runCommand(["contract-diff", "--format", "json"], { cwd });
      expect(implicit.exitCode).toBe(1);
      expect(JSON.parse(implicit.stdout)).toMatchObject({ base: "git:main:api/openapi.yaml", head: "openapi.yaml", breaking: 1 });
      const check = await runCommand(["check", "--only", "contract-diff", "--format", "json"], { cwd });
      const gate = JSON.parse(check.stdout).gates.find((g: { name: string }) => g.name === "contract-diff");
      expect(gate).toMatchObject({ verdict: "failed", exitCode: 1 });
      expect(gate.report.changes[0]).toMatchObject({ id: "endpoint-removed", operation: "DELETE /properties/{id}" });
      const bad = await runCommand(["contract-diff", "git:nope:api/openapi.yaml", "openapi.yaml"], { cwd });
      expect(bad.exitCode).toBe(2);
      expect(bad.stderr).toContain("git:nope:api/openapi.yaml");
    } finally {
      await tree.cleanup();
    }
  });

  test("external $refs inside git: sources are read at the same revision", async () => {
    const corpus = join(import.meta.dirname, "corpus", "62-external-refs");
    const files: Record<string, string> = {};
    for (const side of ["base", "head"]) {
      for (const name of ["openapi.yaml", "schemas/common.yaml", "schemas/viewing.yaml"]) files[`api/${side}/${name}`] = readFileSync(join(corpus, side, name), "utf8");
    }
    const tree = await makeTree(files);
    try {
      git(tree.dir, "init", "-q", "-b", "main");
      git(tree.dir, "add", ".");
      git(tree.dir, "commit", "-q", "-m", "split spec");
      const fromRoot = await runCommand(["contract-diff", "git:HEAD:api/base/openapi.yaml", "git:HEAD:api/head/openapi.yaml", "--format", "json"], { cwd: tree.dir });
      expect(fromRoot.exitCode).toBe(1);
      expect(JSON.parse(fromRoot.stdout).changes.map((change: { id: string }) => change.id)).toEqual(["response-property-became-optional"]);
      const fromSubdir = await runCommand(["contract-diff", "git:HEAD:./base/openapi.yaml", "git:HEAD:./head/openapi.yaml"], { cwd: join(tree.dir, "api") });
      expect(fromSubdir.exitCode).toBe(1);
    } finally {
      await tree.cleanup();
    }
  });

  test("check: a spec that is new on this branch passes with an info line; GITHUB_BASE_REF picks the base", async () => {
    const tree = await makeTree({ "README.md": "crm\n" });
    try {
      git(tree.dir, "init", "-q", "-b", "main");
      git(tree.dir, "add", ".");
      git(tree.dir, "commit", "-q", "-m", "init");
      git(tree.dir, "checkout", "-q", "-b", "release");
      await writeFile(join(tree.dir, "openapi.json"), JSON.stringify(parse(BASE_TEXT)));
      git(tree.dir, "add", ".");
      git(tree.dir, "commit", "-q", "-m", "spec");
      git(tree.dir, "checkout", "-q", "-b", "feature");
      const fresh = await runCommand(["check", "--only", "contract-diff", "--format", "json"], { cwd: tree.dir });
      const gate = JSON.parse(fresh.stdout).gates[0];
      expect(gate).toMatchObject({ name: "contract-diff", verdict: "passed" });
      expect(gate.summary).toContain("openapi.json does not exist at main");
      await writeFile(join(tree.dir, "openapi.json"), JSON.stringify(parse(withoutDelete)));
      // In Actions on a PR into `release`, the base is origin/release; here `release` stands in via a remote-less ref.
      git(tree.dir, "update-ref", "refs/remotes/origin/release", "release");
      const pr = await runCommand(["check", "--only", "contract-diff", "--format", "json"], { cwd: tree.dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, GITHUB_BASE_REF: "release" } });
      const prGate = JSON.parse(pr.stdout).gates[0];
      expect(prGate).toMatchObject({ verdict: "failed" });
      expect(prGate.report.base).toBe("git:origin/release:openapi.json");
    } finally {
      await tree.cleanup();
    }
  });

  test("check: not configured without contractDiff.head or openapi.json", async () => {
    const tree = await makeTree({ "README.md": "nothing\n" });
    try {
      const run = await runCommand(["check", "--only", "contract-diff", "--format", "json"], { cwd: tree.dir });
      expect(JSON.parse(run.stdout).gates[0]).toMatchObject({ verdict: "not-configured", summary: expect.stringContaining("no contractDiff.head") });
    } finally {
      await tree.cleanup();
    }
  });

  test("config keys are validated", async () => {
    const tree = await makeTree({ "crm-devex.config.yaml": "contractDiff:\n  head: openapi.json\n  failon: warning\n" });
    try {
      const run = await runCommand(["contract-diff"], { cwd: tree.dir });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toContain('crm-devex.config.yaml:3: unknown key "failon" in contractDiff');
    } finally {
      await tree.cleanup();
    }
  });
});

describe("contract-diff rules", () => {
  test("prints the catalogue; docs/contract-diff.md embeds the current one", async () => {
    const run = await runCommand(["contract-diff", "rules"]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("#### `response-required-property-removed`");
    const docs = readFileSync(join(import.meta.dirname, "..", "..", "..", "..", "docs", "contract-diff.md"), "utf8");
    expect(docs, "regenerate with: node packages/cli/dist/bin.js contract-diff rules (see docs/contract-diff.md)").toContain(run.stdout.trim());
    const json = JSON.parse((await runCommand(["contract-diff", "rules", "--json"])).stdout);
    expect(json.rules.length).toBeGreaterThan(60);
  });
});

