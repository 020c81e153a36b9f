/**
 * The API origin, fixed at build time from VITE_API_BASE_URL (see .env.example). The CSP in
 * vercel.json allows exactly this origin in connect-src; change both together.
 */
export function apiBaseUrl(configured: string | undefined = import.meta.env.VITE_API_BASE_URL): string {
  const value = configured?.trim();
  if (!value) throw new Error("VITE_API_BASE_URL is not set: copy frontend/.env.example to .env.local");
  const url = new URL(value);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error(`VITE_API_BASE_URL must be http(s), got ${url.protocol}`);
  return url.origin;
}
