// Serves a built SPA the way vercel.json tells Vercel to: its headers and its rewrites.
// Vercel's `source` patterns are path-to-regexp; the ones vercel.json uses ("/(.*)",
// "/((?!assets/).*)") are also plain regular expressions, and anything else is refused
// so the test cannot silently skip a rule.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".json": "application/json",
};

/** @param {string} source */
export function sourceToRegExp(source) {
  if (!/^\/[\w\-./()*?!]*$/.test(source) || /:\w/.test(source)) {
    throw new Error(`vercel.json source ${JSON.stringify(source)} uses path-to-regexp syntax this test server does not implement`);
  }
  return new RegExp(`^${source}$`);
}

/**
 * @param {{ headers?: {source: string, headers: {key: string, value: string}[]}[], rewrites?: {source: string, destination: string}[] }} config
 * @param {string} pathname
 * @returns {{ headers: [string, string][], target: string }}
 */
export function resolveRequest(config, pathname) {
  /** @type {[string, string][]} */
  const headers = [];
  for (const rule of config.headers ?? []) {
    if (sourceToRegExp(rule.source).test(pathname)) {
      for (const header of rule.headers) headers.push([header.key, header.value]);
    }
  }
  let target = pathname;
  for (const rule of config.rewrites ?? []) {
    if (sourceToRegExp(rule.source).test(pathname)) {
      target = rule.destination;
      break;
    }
  }
  return { headers, target };
}

/**
 * Start serving `root` on 127.0.0.1:`port` with `config`'s headers and rewrites.
 * @param {{ root: string, port: number, config: Parameters<typeof resolveRequest>[0] }} options
 * @returns {Promise<import("node:http").Server>}
 */
export function startStaticServer({ root, port, config }) {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    // Vercel serves existing files first; rewrites only apply to paths with no file.
    const tryFile = async () => {
      const direct = normalize(join(root, pathname));
      if (!direct.startsWith(root + sep) && direct !== root) return null;
      const info = await stat(direct).catch(() => null);
      return info?.isFile() ? direct : null;
    };
    void tryFile().then(async (filePath) => {
      const { headers, target } = resolveRequest(config, pathname);
      const resolved = filePath ?? (target === pathname ? null : normalize(join(root, target)));
      const info = resolved ? await stat(resolved).catch(() => null) : null;
      for (const [key, value] of headers) response.setHeader(key, value);
      if (!resolved || !info?.isFile()) {
        response.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
        return;
      }
      response.writeHead(200, { "Content-Type": TYPES[/** @type {keyof typeof TYPES} */ (extname(resolved))] ?? "application/octet-stream" });
      createReadStream(resolved).pipe(response);
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolve(server);
    });
  });
}
