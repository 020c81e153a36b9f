import { describe, expect, it } from "vitest";
import { isValidRequestId, newRequestId } from "./requestId";

describe("request IDs", () => {
  it("makes IDs the API accepts, different every time", () => {
    const ids = new Set(Array.from({ length: 100 }, () => newRequestId()));
    expect(ids.size).toBe(100);
    for (const id of ids) expect(isValidRequestId(id)).toBe(true);
  });

  it.each([
    ["abcd1234", true],
    ["a".repeat(64), true],
    ["short", false],
    ["a".repeat(65), false],
    ["has space1", false],
    ["*/ drop --", false],
    [null, false],
    [undefined, false],
  ])("isValidRequestId(%j) is %s", (value, expected) => {
    expect(isValidRequestId(value)).toBe(expected);
  });
});
