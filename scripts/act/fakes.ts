/**
 * The fake GitHub and Vercel APIs (packages/cli/test/fakes, validated against the vendors' OpenAPI
 * descriptions) for the act preview scenario, driven over stdin/stdout by scripts/act/run.mjs:
 *
 *   in:  {"pull": {"repo": "acme/crm", "number": 7, "state": "open", "headSha": "…"}}
 *        {"state": true}
 *   out: first line {"env": {GITHUB_API_URL, GITHUB_TOKEN, VERCEL_API_URL, VERCEL_TOKEN, …}}
 *        then one JSON line per "state" request: the comments, deployments, aliases and calls so far.
 */
import { createInterface } from "node:readline";
import { FakeGitHub, FakeVercel } from "../../packages/cli/test/fakes/index.js";

const githubToken = ["fake", "github", "token"].join("-");
const vercelToken = ["fake", "vercel", "token"].join("-");
const github = new FakeGitHub();
github.addUser(githubToken, "github-actions[bot]");
const vercel = new FakeVercel();
vercel.addToken(vercelToken, "team_fake");
vercel.addProject({ id: "prj_fake", name: "crm-frontend" });

const env = {
  GITHUB_API_URL: await github.start(0),
  GITHUB_TOKEN: githubToken,
  VERCEL_API_URL: await vercel.start(0),
  VERCEL_TOKEN: vercelToken,
  VERCEL_TEAM_ID: "team_fake",
};
process.stdout.write(`${JSON.stringify({ env })}\n`);

for await (const line of createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const message = JSON.parse(line) as { pull?: { repo: string; number: number; state: "open" | "closed"; headSha: string }; state?: boolean };
  if (message.pull) {
    const { repo, number, state, headSha } = message.pull;
    github.setPull(repo, number, { state, headSha, headRepo: repo });
  }
  if (message.state) {
    process.stdout.write(
      `${JSON.stringify({
        comments: github.commentsOn("acme/crm", 7),
        deployments: [...vercel.deployments.values()],
        aliases: [...vercel.aliases.values()],
        calls: [...github.calls.map((call) => ({ api: "github", ...call })), ...vercel.calls.map((call) => ({ api: "vercel", ...call }))],
      })}\n`,
    );
  }
}
await Promise.all([github.stop(), vercel.stop()]);
