import { z } from "zod";

/** Browser-visible build variables only: a preview must never carry server secrets. */
export const viteEnvKey = z.string().regex(/^VITE_[A-Z0-9_]+$/, "only VITE_* variables (public, baked into the static build) can be set per preview");

/** The `preview` section of crm-devex.config. */
export const previewConfig = z
  .object({
    /** Vercel project name (used for the deployment name and the alias) or id (`prj_…`). */
    project: z.string().min(1).optional(),
    /** Vercel team id (`team_…`); VERCEL_ORG_ID / VERCEL_TEAM_ID otherwise. */
    team: z.string().min(1).optional(),
    /** The static build output to deploy, relative to the config file's directory. */
    directory: z.string().min(1).optional(),
    /** Alias hostname; `{project}` and `{pr}` are replaced. Default `{project}-pr-{pr}.vercel.app`. */
    aliasTemplate: z.string().min(1).optional(),
    /** Non-secret per-PR variables recorded on the deployment; `{pr}`, `{sha}`, `{project}` are replaced. */
    env: z.record(viteEnvKey, z.string()).optional(),
  })
  .strict();

export type PreviewConfig = z.infer<typeof previewConfig>;
