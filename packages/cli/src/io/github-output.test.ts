import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, test } from "vitest";
import { makeTree } from "../../test/helpers.js";
import { setOutputs } from "./github-output.js";

test("writes heredoc blocks with a random delimiter a value cannot forge", async () => {
  const { dir, cleanup } = await makeTree({});
  const file = join(dir, "out");
  await writeFile(file, "");
  const forged = "x\nEOF\ninjected=1";
  expect(await setOutputs({ GITHUB_OUTPUT: file }, { "preview-url": "https://crm-pr-1.vercel.app", note: forged })).toBe(true);
  const text = await readFile(file, "utf8");
  const blocks = [...text.matchAll(/^([\w-]+)<<(ghadelimiter_[0-9a-f]{32})\n([\s\S]*?)\n\2$/gm)].map((match) => [match[1], match[3]]);
  expect(blocks).toEqual([["preview-url", "https://crm-pr-1.vercel.app"], ["note", forged]]);
  expect(await setOutputs({}, { a: "b" })).toBe(false);
  await cleanup();
});
