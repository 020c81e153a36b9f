/** The fakes reject what the real APIs reject, in the vendors' error shapes, and check their own answers. */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { FakeGitHub, FakeVercel } from "../fakes/index.js";
import { loadSubset, validate } from "../fakes/schema.js";

let github: FakeGitHub;
let vercel: FakeVercel;
beforeEach(async () => {
  github = new FakeGitHub();
  vercel = new FakeVercel();
  await github.start();
  await vercel.start();
  github.addUser("gh-test", "bot");
  vercel.addToken("vc-test", "team_a");
  vercel.addProject({ id: "prj_a", name: "web" });
});
afterEach(async () => {
  await github.stop();
  await vercel.stop();
});

describe("fake GitHub", () => {
  test.each([
    ["POST", "/repos/o/r/issues/1/comments", { text: "no body field" }, 422, /"body" wasn't supplied/],
    ["POST", "/repos/o/r/issues/1/comments", { body: 42 }, 422, /body\.body: is number, expected string/],
    ["PATCH", "/repos/o/r/issues/comments/abc", { body: "x" }, 422, /comment_id.*not an integer/],
    ["GET", "/repos/o/r/hooks", undefined, 404, /Not Found/],
  ])("%s %s %j → %i", async (method, path, body, status, message) => {
    const response = await fetch(`${github.url}${path}`, { method, headers: { authorization: "token gh-test", "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(response.status).toBe(status);
    const json = (await response.json()) as { message: string; documentation_url: string };
    expect(json.message).toMatch(message);
    expect(json.documentation_url).toBeTruthy();
  });

  test("401 without or with an unknown token", async () => {
    expect((await fetch(`${github.url}/user`)).status).toBe(401);
    expect(((await (await fetch(`${github.url}/user`, { headers: { authorization: "token nope" } })).json()) as { message: string }).message).toBe("Bad credentials");
  });

  test("pages with Link headers", async () => {
    for (let index = 0; index < 5; index++) github.seedComment("o/r", 1, "someone", `c${index}`);
    const response = await fetch(`${github.url}/repos/o/r/issues/1/comments?per_page=2&page=2`, { headers: { authorization: "token gh-test" } });
    expect(((await response.json()) as { body: string }[]).map((comment) => comment.body)).toEqual(["c2", "c3"]);
    const link = response.headers.get("link")!;
    expect(link).toContain('page=3>; rel="next"');
    expect(link).toContain('page=1>; rel="prev"');
  });
});

describe("fake Vercel", () => {
  test.each([
    ["POST", "/v13/deployments", { files: [] }, 400, "bad_request", /"name" wasn't supplied/],
    ["POST", "/v13/deployments", { name: "web", env: { A: 1 } }, 400, "bad_request", /`env` should be object of strings/],
    ["POST", "/v13/deployments", { name: "nope" }, 404, "not_found", /Project "nope" not found/],
    ["POST", "/v13/deployments", { name: "web", files: [{ file: "index.html", sha: "a".repeat(40), size: 3 }] }, 400, "missing_files", /Missing files/],
    ["GET", "/v13/deployments/dpl_missing", undefined, 404, "not_found", /could not be found/],
    ["GET", "/v9/projects", undefined, 404, "not_found", /not an operation/],
  ])("%s %s %j → %i %s", async (method, path, body, status, code, message) => {
    const response = await fetch(`${vercel.url}${path}`, { method, headers: { authorization: "Bearer vc-test", "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect(response.status).toBe(status);
    const json = (await response.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message).toMatch(message);
  });

  test("403 without a token or for another team", async () => {
    expect((await fetch(`${vercel.url}/v13/deployments/x`)).status).toBe(403);
    expect((await fetch(`${vercel.url}/v13/deployments/x?teamId=team_b`, { headers: { authorization: "Bearer vc-test" } })).status).toBe(403);
  });

  test("an upload whose digest does not match its bytes is refused", async () => {
    const response = await fetch(`${vercel.url}/v2/files`, { method: "POST", headers: { authorization: "Bearer vc-test", "x-now-digest": "0".repeat(40), "content-type": "application/octet-stream" }, body: "hello" });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_digest");
  });

  test.each(["crm.web-pr-1.vercel.app", "-crm-pr-1.vercel.app", `${"a".repeat(64)}.vercel.app`])("alias %s is invalid", async (alias) => {
    vercel.buildPolls = 0;
    const created = await fetch(`${vercel.url}/v13/deployments`, { method: "POST", headers: { authorization: "Bearer vc-test", "content-type": "application/json" }, body: JSON.stringify({ name: "web" }) });
    const { id } = (await created.json()) as { id: string };
    await fetch(`${vercel.url}/v13/deployments/${id}`, { headers: { authorization: "Bearer vc-test" } });
    const response = await fetch(`${vercel.url}/v2/deployments/${id}/aliases`, { method: "POST", headers: { authorization: "Bearer vc-test", "content-type": "application/json" }, body: JSON.stringify({ alias }) });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("invalid_alias");
  });
});

describe("schema fixtures", () => {
  test.each([
    ["github", "issues/create-comment", "201"],
    ["vercel", "deleteDeployment", "200"],
  ])("%s %s %s: a response missing required fields is caught", (api, operationId, status) => {
    const subset = loadSubset(new URL(`../fakes/${api}/openapi-subset.json`, import.meta.url));
    const operation = subset.operations.find((candidate) => candidate.operationId === operationId)!;
    expect(validate(operation.responses[status], {}, "response").length).toBeGreaterThan(0);
  });

  test("fixtures record their source package and version", () => {
    expect(loadSubset(new URL("../fakes/github/openapi-subset.json", import.meta.url)).source).toEqual({ package: "@octokit/openapi", version: "23.0.2", file: "generated/api.github.com.json" });
    expect(loadSubset(new URL("../fakes/vercel/openapi-subset.json", import.meta.url)).source).toMatchObject({ package: "@vercel/sdk", version: "1.28.35" });
  });
});
