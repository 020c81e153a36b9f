import { describe, expect, test } from "vitest";
import { COMMENT_LIMIT, marker, readMarker, renderComment, type PreviewState } from "./comment.js";

const ready: PreviewState = { stage: "ready", sha: "abcdef1234567", deploymentId: "dpl_1", url: "https://crm-pr-1.vercel.app", at: "2026-01-05T10:00:00Z" };

describe("marker", () => {
  test("round-trips the state for the same project only", () => {
    const body = `${marker("crm", { ...ready, others: ["dpl_0"] })}\nhello`;
    expect(readMarker(body, "crm")).toEqual({ ...ready, others: ["dpl_0"] });
    expect(readMarker(body, "admin")).toBeUndefined();
  });

  test("a value containing -- cannot close the HTML comment early", () => {
    const line = marker("crm", { ...ready, url: "https://x--y.vercel.app" });
    expect(line.slice(4, -3)).not.toContain("--");
    expect(line.indexOf("-->")).toBe(line.length - 3);
    expect(readMarker(line, "crm")?.url).toBe("https://x--y.vercel.app");
  });

  test.each(["no marker", "<!-- crm-devex:preview not json -->", '<!-- crm-devex:preview {"project":"crm"} -->'])("ignores %s", (body) => {
    expect(readMarker(body, "crm")).toBeUndefined();
  });
});

describe("renderComment", () => {
  test.each([
    ["building", "⏳ **Building**"],
    ["ready", "✅ **Ready:** https://crm-pr-1.vercel.app"],
    ["error", "❌ **Failed** at step **build**"],
    ["removed", "🧹 **Removed**"],
  ] as const)("%s", (stage, text) => {
    const body = renderComment({ ...ready, stage }, { project: "crm", pr: 1, step: "build", logTail: ["boom"] });
    expect(body).toContain(text);
    expect(readMarker(body, "crm")?.stage).toBe(stage);
  });

  test("a log with backticks cannot break out of its code block", () => {
    const body = renderComment({ ...ready, stage: "error" }, { project: "crm", pr: 1, logTail: ["```", "ok"] });
    expect(body).toContain("````text\n```\nok\n````");
  });

  test("stays under the limit, dropping the oldest log lines first", () => {
    const logTail = Array.from({ length: 400 }, (_, index) => `line ${index} ${"y".repeat(400)}`);
    const body = renderComment({ ...ready, stage: "error" }, { project: "crm", pr: 1, logTail });
    expect(body.length).toBeLessThan(COMMENT_LIMIT);
    expect(body).toContain("line 399");
    expect(body).not.toContain("line 0 ");
  });
});
