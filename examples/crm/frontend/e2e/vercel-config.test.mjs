import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { vercelConfigFor } from "../vercel-config.mjs";
import { resolveRequest, sourceToRegExp } from "./static-server.mjs";

const config = JSON.parse(readFileSync(new URL("../vercel.json", import.meta.url), "utf8"));

test("vercel.json rewrites app routes to index.html but not assets", () => {
  assert.equal(resolveRequest(config, "/clients/42").target, "/index.html");
  assert.equal(resolveRequest(config, "/").target, "/index.html");
  assert.equal(resolveRequest(config, "/assets/index-abc.js").target, "/assets/index-abc.js");
});

test("vercel.json's CSP allows the API origin and nothing else to connect", () => {
  const csp = new Map(resolveRequest(config, "/").headers).get("Content-Security-Policy") ?? "";
  const directives = new Map(csp.split(";").map((part) => part.trim().split(/\s+/)).map(([name = "", ...values]) => [name, values]));
  assert.deepEqual(directives.get("connect-src"), ["https://api.crm.example.com"]);
  assert.deepEqual(directives.get("default-src"), ["'none'"]);
  assert.deepEqual(directives.get("script-src"), ["'self'"]);
  assert.deepEqual(directives.get("frame-ancestors"), ["'none'"]);
  for (const [name, values] of directives) {
    assert.ok(!values.some((value) => value.includes("unsafe") || value === "*" || value === "http:" || value === "https:"), `${name} is not loosened`);
  }
});

test("assets are cached for a year, pages revalidated", () => {
  assert.equal(new Map(resolveRequest(config, "/assets/index-abc.js").headers).get("Cache-Control"), "public, max-age=31536000, immutable");
  assert.equal(new Map(resolveRequest(config, "/clients").headers).get("Cache-Control"), "no-cache");
});

test("unsupported path-to-regexp sources are refused, not ignored", () => {
  assert.throws(() => sourceToRegExp("/blog/:slug"), /does not implement/);
});

test("a build's vercel.json points connect-src at its own API origin, and only there", () => {
  const preview = vercelConfigFor(config, "https://crm-api-pr-42.up.railway.app/");
  const csp = new Map(resolveRequest(preview, "/").headers).get("Content-Security-Policy") ?? "";
  assert.match(csp, /(^|; )connect-src https:\/\/crm-api-pr-42\.up\.railway\.app;/);
  assert.doesNotMatch(csp, /api\.crm\.example\.com/);
  assert.equal(csp.replace(/connect-src [^;]*/, ""), new Map(resolveRequest(config, "/").headers).get("Content-Security-Policy")?.replace(/connect-src [^;]*/, ""));
  assert.deepEqual(preview.rewrites, config.rewrites);
});

test("without VITE_API_BASE_URL the committed vercel.json is used as is", () => {
  assert.equal(vercelConfigFor(config, undefined), config);
  assert.equal(vercelConfigFor(config, "  "), config);
});

test("a vercel.json without a connect-src is refused rather than shipped open", () => {
  assert.throws(() => vercelConfigFor({ headers: [{ source: "/(.*)", headers: [{ key: "X-Frame-Options", value: "DENY" }] }] }, "https://api.example.com"), /no Content-Security-Policy with a connect-src/);
});
