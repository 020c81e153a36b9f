// vercel.json for one build: the committed file with the CSP's connect-src pointed at the API
// origin this build talks to (VITE_API_BASE_URL). Vite writes the result to dist/vercel.json, so
// a preview deployed from dist/ (crm-devex preview deploy) gets the headers, the SPA rewrites and
// a CSP that allows its own preview API — and still nothing else.

/**
 * @typedef {{ key: string, value: string }} VercelHeader
 * @typedef {{ source: string, headers: VercelHeader[] }} VercelHeaderRule
 * @typedef {{ headers?: VercelHeaderRule[], rewrites?: { source: string, destination: string }[], [key: string]: unknown }} VercelConfig
 */

/**
 * @param {VercelConfig} config the committed vercel.json
 * @param {string | undefined} apiBaseUrl VITE_API_BASE_URL of the build; undefined keeps the file as is
 * @returns {VercelConfig}
 */
export function vercelConfigFor(config, apiBaseUrl) {
  if (!apiBaseUrl?.trim()) return config;
  const origin = new URL(apiBaseUrl.trim()).origin;
  let replaced = 0;
  const headers = (config.headers ?? []).map((rule) => ({
    ...rule,
    headers: rule.headers.map((header) => {
      if (header.key.toLowerCase() !== "content-security-policy") return header;
      const value = header.value.replace(/(^|;\s*)connect-src [^;]*/, (_match, lead) => {
        replaced += 1;
        return `${lead}connect-src ${origin}`;
      });
      return { ...header, value };
    }),
  }));
  if (replaced === 0) throw new Error("vercel.json has no Content-Security-Policy with a connect-src directive to point at the API");
  return { ...config, headers };
}
