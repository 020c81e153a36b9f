import { describe, expect, it } from "vitest";
import { apiBaseUrl } from "./config";

describe("apiBaseUrl", () => {
  it("keeps only the origin", () => {
    expect(apiBaseUrl({ VITE_API_BASE_URL: " https://api.crm.example.com/ " })).toBe("https://api.crm.example.com");
    expect(apiBaseUrl({ VITE_API_BASE_URL: "http://127.0.0.1:8000" })).toBe("http://127.0.0.1:8000");
  });

  it("names the missing variable and the file to copy", () => {
    expect(() => apiBaseUrl({})).toThrow("VITE_API_BASE_URL is not set: copy frontend/.env.example to .env.local");
  });

  it("refuses other schemes", () => {
    expect(() => apiBaseUrl({ VITE_API_BASE_URL: "ftp://files.example.com" })).toThrow("must be http(s), got ftp:");
  });
});
