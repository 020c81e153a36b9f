import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { forkSafeVercelConfig, prepareStaticOutput, serverSideReason } from "./static-output.js";

describe("serverSideReason: what a fork's static preview never deploys", () => {
  test.each([
    ["api/index.js", "api/"],
    ["api/users/[id].ts", "api/"],
    ["middleware.ts", "middleware.ts"],
    ["_middleware.js", "_middleware.js"],
    ["middleware.mjs", "middleware.mjs"],
    ["package.json", "package.json"],
    ["now.json", "now.json"],
    ["index.html", undefined],
    ["assets/api/client.js", undefined],
    ["assets/middleware.ts.map", undefined],
    ["docs/package.json", undefined],
  ])("%s → %s", (path, reason) => {
    expect(serverSideReason(path)).toBe(reason);
  });
});

describe("forkSafeVercelConfig: the allow-list", () => {
  test.each([
    [{ headers: [], cleanUrls: true, trailingSlash: false }, { headers: [], cleanUrls: true, trailingSlash: false }, []],
    [{ rewrites: [{ source: "/(.*)", destination: "/index.html" }] }, { rewrites: [{ source: "/(.*)", destination: "/index.html" }] }, []],
    [
      { rewrites: [{ source: "/a", destination: "https://evil.example/a" }, { source: "/b", destination: "//evil.example/b" }] },
      {},
      ["vercel.json rewrites to other hosts (2)"],
    ],
    [{ functions: {}, builds: [], routes: [], redirects: [], crons: [], regions: ["iad1"] }, {}, ["vercel.json functions", "vercel.json builds", "vercel.json routes", "vercel.json redirects", "vercel.json crons", "vercel.json regions"]],
  ])("%j", (config, kept, dropped) => {
    expect(forkSafeVercelConfig(config)).toEqual({ config: kept, dropped });
  });
});

describe("prepareStaticOutput", () => {
  test("hashes every file, skips local state, follows symlinks, drops build keys always and server code only when static-only", async () => {
    const dir = await mkdtemp(join(tmpdir(), "crm-devex-static-"));
    try {
      await mkdir(join(dir, "api"));
      await mkdir(join(dir, ".vercel"));
      await mkdir(join(dir, "node_modules/x"), { recursive: true });
      await writeFile(join(dir, "index.html"), "<h1>hi</h1>");
      await writeFile(join(dir, "api/fn.js"), "export default () => 1");
      await writeFile(join(dir, ".vercel/project.json"), "{}");
      await writeFile(join(dir, "node_modules/x/index.js"), "");
      await writeFile(join(dir, ".env.local"), "SECRET=1");
      await writeFile(join(dir, "vercel.json"), JSON.stringify({ buildCommand: "vite build", functions: {}, cleanUrls: true }));
      await symlink(join(dir, "index.html"), join(dir, "200.html"));

      const trusted = await prepareStaticOutput(dir, "dist", { staticOnly: false });
      expect(trusted.files.map((file) => file.file)).toEqual(["200.html", "api/fn.js", "index.html", "vercel.json"]);
      expect(trusted.files.find((file) => file.file === "index.html")).toMatchObject({ sha: "0e837b7d958bc9862895eb6b536fa6f26849fe2a", size: 11 });
      expect(trusted.droppedBuildKeys).toEqual(["buildCommand"]);
      expect(JSON.parse(trusted.files.find((file) => file.file === "vercel.json")!.data.toString())).toEqual({ functions: {}, cleanUrls: true });

      const fork = await prepareStaticOutput(dir, "dist", { staticOnly: true });
      expect(fork.files.map((file) => file.file)).toEqual(["200.html", "index.html", "vercel.json"]);
      expect(fork.droppedForFork).toEqual(["api/ (1 file)", "vercel.json functions"]);
      expect(JSON.parse(fork.files.find((file) => file.file === "vercel.json")!.data.toString())).toEqual({ cleanUrls: true });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("a vercel.json that is not an object is an input error naming it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "crm-devex-static-"));
    try {
      await writeFile(join(dir, "vercel.json"), "[1]");
      await expect(prepareStaticOutput(dir, "dist", { staticOnly: false })).rejects.toThrow("expected a JSON object");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
