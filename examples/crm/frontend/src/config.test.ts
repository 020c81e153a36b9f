import { describe, expect, it } from "vitest";
import { apiBaseUrl } from "./config";

describe("apiBaseUrl", () => {
  it("keeps only the origin", () => {
    expect(apiBaseUrl(" https://api.crm.example.com/ ")).toBe("https://api.crm.example.com");
    expect(apiBaseUrl("http://127.0.0.1:8000")).toBe("http://127.0.0.1:8000");
  });

  it("names the missing variable and the file to copy", () => {
    expect(() => apiBaseUrl("")).toThrow("VITE_API_BASE_URL is not set: copy frontend/.env.example to .env.local");
  });

  it("reads VITE_API_BASE_URL from the build environment by default", () => {
    const configured = import.meta.env.VITE_API_BASE_URL;
    if (configured) expect(apiBaseUrl()).toBe(new URL(configured).origin);
    else expect(() => apiBaseUrl()).toThrow("VITE_API_BASE_URL is not set");
  });

  it("refuses other schemes", () => {
    expect(() => apiBaseUrl("ftp://files.example.com")).toThrow("must be http(s), got ftp:");
  });
});
