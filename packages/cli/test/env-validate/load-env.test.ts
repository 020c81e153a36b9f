import { afterEach, describe, expect, it } from "vitest";
import { EnvValidationError, loadEnv } from "../../src/env.js";
import { makeTree } from "../helpers.js";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

const EXAMPLE = "# Port to listen on. @type=port\nPORT=8000\n# @secret\nAPI_TOKEN=\n# @optional @type=bool\nDEBUG=\n";

describe("loadEnv", () => {
  it("returns converted values", async () => {
    const { dir, cleanup } = await makeTree({ ".env.example": EXAMPLE, ".env": "DEBUG=yes\n" });
    cleanups.push(cleanup);
    const env = loadEnv({ example: `${dir}/.env.example`, envFiles: [`${dir}/.env`], env: { PORT: "8080", API_TOKEN: "t" } });
    expect(env).toEqual({ PORT: 8080, API_TOKEN: "t", DEBUG: true });
  });

  it("throws one error listing every problem, before the app starts", async () => {
    const { dir, cleanup } = await makeTree({ ".env.example": EXAMPLE });
    cleanups.push(cleanup);
    try {
      loadEnv({ example: new URL(`file://${dir}/.env.example`), env: { PORT: "http" } });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(EnvValidationError);
      expect((error as EnvValidationError).problems.map((p) => p.name)).toEqual(["PORT", "API_TOKEN"]);
      expect((error as Error).message).toBe(
        "invalid environment (2 problems):\n  - PORT (environment) is not a port number — Port to listen on.\n  - API_TOKEN is required but not set — (no description in the example) [secret]",
      );
    }
  });

  it("lets code declarations override only the attributes they set on an example variable", async () => {
    const { dir, cleanup } = await makeTree({ ".env.example": EXAMPLE });
    cleanups.push(cleanup);
    const example = `${dir}/.env.example`;
    // PORT stays @type=port but is no longer required; API_TOKEN stays required.
    expect(() => loadEnv({ example, vars: { PORT: { required: false } }, env: { API_TOKEN: "t" } })).not.toThrow();
    expect(() => loadEnv({ example, vars: { PORT: { required: false } }, env: { API_TOKEN: "t", PORT: "http" } })).toThrow(/PORT \(environment\) is not a port number — Port to listen on\./);
    expect(() => loadEnv({ example, vars: { PORT: { required: false } }, env: {} })).toThrow(/API_TOKEN is required but not set/);
  });

  it("accepts variables declared in code", () => {
    expect(() => loadEnv({ vars: { STRIPE_WEBHOOK_SECRET: { secret: true, description: "Verifies webhooks" } }, env: {} })).toThrow(/STRIPE_WEBHOOK_SECRET is required but not set — Verifies webhooks \[secret\]/);
  });
});

describe("loadEnv input errors", () => {
  it("names a missing example or env file instead of a raw ENOENT", () => {
    expect(() => loadEnv({ example: "/nonexistent/.env.example" })).toThrow(/^\/nonexistent\/\.env\.example: file not found$/);
    expect(() => loadEnv({ envFiles: ["/nonexistent/.env"], env: {} })).toThrow("/nonexistent/.env: file not found");
  });
});
