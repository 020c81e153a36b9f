import { describe, expect, it } from "vitest";
import { loginPath, safeReturnPath } from "./returnTo";

describe("safeReturnPath", () => {
  it.each([
    ["/clients/7", "/clients/7"],
    ["/clients?deleted=1#top", "/clients?deleted=1#top"],
    ["/clients/new", "/clients/new"],
    [null, "/"],
    [undefined, "/"],
    ["", "/"],
    ["clients", "/"],
    ["https://evil.example/phish", "/"],
    ["//evil.example/phish", "/"],
    ["/\\evil.example", "/"],
    ["javascript:alert(1)", "/"],
    ["/login", "/"],
    ["/login?next=/login", "/"],
  ])("%j → %s", (next, expected) => {
    expect(safeReturnPath(next)).toBe(expected);
  });
});

describe("loginPath", () => {
  it.each([
    ["/clients/7", "/login?next=%2Fclients%2F7"],
    ["/clients?search=O%27Brien", "/login?next=%2Fclients%3Fsearch%3DO%2527Brien"],
    ["/", "/login"],
    ["/login?next=%2Fclients", "/login"],
  ])("%s → %s", (here, expected) => {
    expect(loginPath(here)).toBe(expected);
  });
});
