import { describe, expect, it } from "vitest";
import { formatDateTime, formatPrice, formatStatus, localInputToIso } from "./format";

describe("format", () => {
  it.each([
    [32_500_000, "sale", "£325,000"],
    [145_000, "let", "£1,450 pcm"],
    [0, "sale", "£0"],
  ] as const)("formatPrice(%i, %s) → %s", (pence, listing, expected) => {
    expect(formatPrice(pence, listing)).toBe(expected);
  });

  it("labels statuses for people", () => {
    expect(formatStatus("under_offer")).toBe("Under offer");
    expect(formatStatus("no_show")).toBe("No show");
  });

  it("shows times in UK time, summer and winter", () => {
    expect(formatDateTime("2026-07-01T09:30:00Z")).toBe("1 Jul 2026, 10:30");
    expect(formatDateTime("2026-01-01T09:30:00Z")).toBe("1 Jan 2026, 09:30");
    expect(formatDateTime("not a date")).toBe("not a date");
  });

  it("turns a datetime-local value into an aware ISO time", () => {
    expect(localInputToIso("2026-03-10T14:00")).toBe(new Date("2026-03-10T14:00").toISOString());
    expect(localInputToIso("")).toBeNull();
    expect(localInputToIso("2026-13-45T99:99")).toBeNull();
  });
});
