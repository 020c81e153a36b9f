/** The per-PR alias hostname: `<project>-pr-<N>.vercel.app`, made a valid DNS name whatever the project is called. */

export const DEFAULT_ALIAS_TEMPLATE = "{project}-pr-{pr}.vercel.app";

/**
 * One DNS label from any text: lowercase, dots and other characters become hyphens (a dotted project name
 * would otherwise make a sub-subdomain of vercel.app, which Vercel rejects), at most 63 characters.
 */
export function dnsLabel(text: string): string {
  const label = text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^-+|-+$/g, "");
  return label.slice(0, 63).replace(/-+$/, "");
}

/**
 * The alias for a PR. Placeholders are replaced inside the first label only, and that label is normalised;
 * when it would pass 63 characters the project part is shortened so `-pr-<N>` survives.
 *
 * @example
 * aliasHostname("{project}-pr-{pr}.vercel.app", "crm.frontend", 12) // "crm-frontend-pr-12.vercel.app"
 */
export function aliasHostname(template: string, project: string, pr: number): string {
  const dot = template.indexOf(".");
  const labelTemplate = dot < 0 ? template : template.slice(0, dot);
  const domain = dot < 0 ? "vercel.app" : template.slice(dot + 1).toLowerCase();
  const withPr = labelTemplate.replace(/\{pr\}/g, String(pr));
  let label = dnsLabel(withPr.replace(/\{project\}/g, project));
  if (label.length === 63 || dnsLabel(withPr.replace(/\{project\}/g, "")).length + dnsLabel(project).length > 62) {
    const rest = dnsLabel(withPr.replace(/\{project\}/g, "")).length + 1;
    label = dnsLabel(withPr.replace(/\{project\}/g, dnsLabel(project).slice(0, Math.max(1, 63 - rest))));
  }
  if (!label) throw new Error(`alias template "${template}" gives an empty hostname`);
  return `${label}.${domain}`;
}
