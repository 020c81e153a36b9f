// Gives the demo's error-budget gate real data: starts the example API on a free
// port, sends a bounded burst of everyday requests (lists, lookups, a create, a
// few 404s and 400s), stops it, and keeps its JSON request log in
// examples/crm/logs/demo.jsonl. Loopback only; about 300 requests.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const example = fileURLToPath(new URL("../examples/crm/", import.meta.url));
const port = await new Promise((resolve) => {
  const probe = createServer().listen(0, "127.0.0.1", () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), "crm-demo-"));
// Every /api call needs a bearer token: the API creates this login at startup (SEED_USER_*).
const demoUser = { email: "demo@example.com", password: randomBytes(18).toString("base64url") };
mkdirSync(join(example, "logs"), { recursive: true });
const log = createWriteStream(join(example, "logs", "demo.jsonl"));
const api = spawn(join(example, "backend", "serve"), [], {
  env: {
    ...process.env,
    PORT: String(port),
    DATABASE_URL: `sqlite:///${join(dataDir, "crm.db")}`,
    SECRET_KEY: randomBytes(32).toString("hex"),
    FRONTEND_ORIGIN: "http://127.0.0.1:5173",
    UPLOAD_DIR: join(dataDir, "uploads"),
    RATE_LIMIT_PER_MINUTE: "1000",
    SEED_USER_EMAIL: demoUser.email,
    SEED_USER_PASSWORD: demoUser.password,
  },
  stdio: ["ignore", "pipe", "inherit"],
});
api.stdout.pipe(log);
const base = `http://127.0.0.1:${port}`;

async function waitUntilUp() {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${base}/health`)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the example API did not start within 60 s");
}

try {
  await waitUntilUp();
  const login = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(demoUser),
  });
  if (login.status !== 200) throw new Error(`demo login failed: HTTP ${login.status}`);
  const authorization = `Bearer ${(await login.json()).access_token}`;
  let sent = 1;
  const created = await fetch(`${base}/api/clients`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization },
    body: JSON.stringify({ full_name: "Siobhán O'Brien", email: "siobhan@example.com", phone: "+44 20 7946 0000", notes: "Prefers viewings after 5pm" }),
  });
  const client = await created.json();
  sent++;
  for (let round = 0; round < 60; round++) {
    const paths = ["/api/properties", "/api/properties?search=garden", `/api/clients/${client.id}`, "/api/viewings", "/api/properties/999999"];
    await Promise.all(paths.map((path) => fetch(base + path, { headers: { authorization } }).then((response) => response.arrayBuffer())));
    sent += paths.length;
  }
  console.error(`demo-traffic: ${sent} requests sent to the example API; log in examples/crm/logs/demo.jsonl`);
} finally {
  api.kill("SIGINT");
  await new Promise((resolve) => api.once("exit", resolve));
  log.end();
}
