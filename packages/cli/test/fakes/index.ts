/** The fake GitHub and Vercel APIs, for tests and for the `act` harness (see start.ts). */
export { FakeGitHub, type FakeComment } from "./github/server.js";
export { FakeVercel, type FakeAlias, type FakeDeployment } from "./vercel/server.js";
export type { CallRecord, Reply } from "./server.js";
