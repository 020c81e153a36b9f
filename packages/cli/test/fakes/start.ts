/**
 * Starts both fakes and prints where they listen, one `NAME=value` line each, then runs until killed:
 *
 *   npx tsx packages/cli/test/fakes/start.ts [--github-port N] [--vercel-port N] [--log FILE]
 *
 * Seeded with the credentials below (test-only values, built from parts so no scanner mistakes them for
 * real ones). With `--log FILE`, every call is appended as one JSON line, so a harness can assert the
 * exact API sequence afterwards.
 */
import { appendFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { FakeGitHub } from "./github/server.js";
import { FakeVercel } from "./vercel/server.js";

const { values } = parseArgs({
  options: {
    "github-port": { type: "string", default: "0" },
    "vercel-port": { type: "string", default: "0" },
    log: { type: "string" },
    project: { type: "string", default: "crm" },
  },
});

const githubToken = ["fake", "github", "token"].join("-");
const vercelToken = ["fake", "vercel", "token"].join("-");
const github = new FakeGitHub();
// Like Actions' GITHUB_TOKEN: an installation token, so GET /user is refused.
github.addUser(githubToken, "github-actions[bot]", { installation: true });
const vercel = new FakeVercel();
vercel.addToken(vercelToken, "team_fake");
vercel.addProject({ id: "prj_fake", name: values.project! });

const githubUrl = await github.start(Number(values["github-port"]));
const vercelUrl = await vercel.start(Number(values["vercel-port"]));

if (values.log) {
  for (const [name, api] of [["github", github], ["vercel", vercel]] as const) {
    const push = api.calls.push.bind(api.calls);
    api.calls.push = (...records) => {
      for (const record of records) appendFileSync(values.log!, JSON.stringify({ api: name, ...record }) + "\n");
      return push(...records);
    };
  }
}

process.stdout.write(
  [
    `GITHUB_API_URL=${githubUrl}`,
    `GITHUB_TOKEN=${githubToken}`,
    `VERCEL_API_URL=${vercelUrl}`,
    `VERCEL_TOKEN=${vercelToken}`,
    "VERCEL_TEAM_ID=team_fake",
    "VERCEL_PROJECT_ID=prj_fake",
    "",
  ].join("\n"),
);

const stop = () => void Promise.all([github.stop(), vercel.stop()]).then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
