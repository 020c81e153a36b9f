/**
 * Deterministic fake credential bodies for rule examples and the test corpus.
 * Built at run time so no secret-shaped literal is ever committed.
 */

import { base62, crc32 } from "../checksums.js";

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const charsets = {
  alnum: ALNUM,
  upper: "ABCDEFGHIJKLMNOPQRSTUVWXYZ",
  lower: "abcdefghijklmnopqrstuvwxyz",
  upperDigits: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567",
  lowerDigits: "abcdefghijklmnopqrstuvwxyz0123456789",
  hex: "0123456789abcdef",
  digits: "0123456789",
  base64: `${ALNUM}+/`,
  base64url: `${ALNUM}-_`,
} as const;

export type Charset = keyof typeof charsets;

export interface FakeSecrets {
  /** `n` characters from a named charset, or from the literal characters given. */
  chars(n: number, charset: Charset | { from: string }): string;
  alnum(n: number): string;
  hex(n: number): string;
  upper(n: number): string;
  lower(n: number): string;
  digits(n: number): string;
  base64(n: number): string;
  base64url(n: number): string;
  /** A lower-case hex UUID. */
  uuid(): string;
  /** `prefix` + 30 random characters + their CRC-32 in 6 base-62 digits (GitHub, npm). */
  crc32Token(prefix: string): string;
  /** A `pypi-` token: a well-formed v2 macaroon for pypi.org with a random identifier and signature. */
  pypiToken(): string;
}

/** A seeded generator (xorshift32): the same seed gives the same fakes, so test failures reproduce. */
export function fakeSecrets(seed: string): FakeSecrets {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619) >>> 0;
  if (state === 0) state = 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const chars = (n: number, charset: Charset | { from: string }): string => {
    const alphabet = typeof charset === "string" ? charsets[charset] : charset.from;
    let out = "";
    for (let i = 0; i < n; i++) out += alphabet[next() % alphabet.length];
    return out;
  };
  const hex = (n: number): string => chars(n, "hex");
  return {
    chars,
    alnum: (n) => chars(n, "alnum"),
    hex,
    upper: (n) => chars(n, "upper"),
    lower: (n) => chars(n, "lower"),
    digits: (n) => chars(n, "digits"),
    base64: (n) => chars(n, "base64"),
    base64url: (n) => chars(n, "base64url"),
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`,
    crc32Token: (prefix) => {
      const body = chars(30, "alnum");
      return prefix + body + base62(crc32(body), 6);
    },
    pypiToken: () => {
      const identifier = Buffer.from(`{"nonce":"${hex(32)}","version":1}`);
      const field = (type: number, data: Buffer): Buffer => Buffer.concat([Buffer.from([type, data.length]), data]);
      const signature = Buffer.from(hex(64), "hex");
      const macaroon = Buffer.concat([Buffer.from([2]), field(1, Buffer.from("pypi.org")), field(2, identifier), Buffer.from([0, 0]), field(6, signature)]);
      return "pypi-" + macaroon.toString("base64url");
    },
  };
}
