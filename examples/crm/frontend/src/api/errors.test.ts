import { describe, expect, it } from "vitest";
import { parseErrorBody } from "./errors";

describe("parseErrorBody", () => {
  it.each([
    [{ detail: "A client with this email exists" }, 409, "A client with this email exists", []],
    [undefined, 502, "The server had a problem", []],
    ["plain text", 404, "Request failed (HTTP 404)", []],
    [{ detail: "  " }, 400, "Request failed (HTTP 400)", []],
    [
      { detail: "Validation failed", errors: [{ loc: ["body", "full_name"], msg: "Value error, contains a character that is not allowed here: '<'" }, { loc: ["query", "limit"], msg: "too big" }, { nonsense: true }] },
      400,
      "Validation failed",
      [
        { field: "full_name", message: "contains a character that is not allowed here: '<'" },
        { field: "limit", message: "too big" },
      ],
    ],
    [{ detail: "Validation failed", errors: [{ loc: "body", msg: "Field required" }] }, 400, "Validation failed", [{ field: "", message: "Field required" }]],
  ])("%j (HTTP %i) → %s", (body, status, message, fieldErrors) => {
    expect(parseErrorBody(body, status)).toEqual({ message, fieldErrors });
  });
});
