// The peer for bench/preview.ts: a bare @vercel/client deploy of a directory (upload what is missing,
// create, poll until READY) — the floor every Vercel preview action builds on — in its own node process.
// Usage: node bench/preview-peer.mjs DIR (VERCEL_API_URL, VERCEL_TOKEN, VERCEL_TEAM_ID from the environment)
import { createDeployment } from "@vercel/client";

const [directory] = process.argv.slice(2);
const events = createDeployment(
  { token: process.env.VERCEL_TOKEN, path: directory, apiUrl: process.env.VERCEL_API_URL, teamId: process.env.VERCEL_TEAM_ID, isDirectory: true, skipAutoDetectionConfirmation: true },
  { name: "crm", project: "crm", projectSettings: { framework: null } },
);
for await (const event of events) {
  if (event.type === "error") {
    console.error(JSON.stringify(event.payload));
    process.exit(1);
  }
  if (event.type === "alias-assigned") break;
}
