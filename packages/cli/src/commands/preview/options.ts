import { z } from "zod";

const common = {
  /** `owner/repo` of the pull request. */
  repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, "expected owner/repo"),
  pr: z.number().int().positive(),
  /** Vercel project id or name, sent as the deployment's `project`. */
  project: z.string().min(1),
  /** Project name for the alias and the deployment name, when known (else taken from Vercel's answer). */
  projectName: z.string().min(1).optional(),
  team: z.string().min(1).optional(),
  aliasTemplate: z.string().min(1),
  vercelToken: z.string().min(1),
  vercelApiUrl: z.string().url(),
  /** No GitHub token: no PR comment (useful locally). */
  githubToken: z.string().min(1).optional(),
  githubApiUrl: z.string().url(),
  /** Login whose comments are ours, when GET /user cannot tell (a GitHub App token other than Actions'). */
  commentAuthor: z.string().min(1).optional(),
  /** Link to this workflow run, for the retry hint. */
  runUrl: z.string().url().optional(),
};

export const previewDeployOptions = z.object({
  action: z.literal("deploy"),
  ...common,
  /** Absolute path of the static build output. */
  directory: z.string().min(1),
  /** Shown as given by the user. */
  directoryShown: z.string().min(1),
  sha: z.string().regex(/^[0-9a-f]{7,40}$/i, "expected a commit SHA"),
  env: z.record(z.string()),
  /**
   * Deploy only if the PR is open and its head is `sha` (for workflow_run deploys of untrusted artifacts); the
   * output is then deployed as static files only.
   */
  verifyPr: z.boolean().default(false),
  /** How long to wait for the deployment to be READY. */
  timeoutMs: z.number().int().positive(),
});

export const previewCleanupOptions = z.object({
  action: z.literal("cleanup"),
  ...common,
  /** Deployment to delete when no PR comment records it. */
  deploymentId: z.string().min(1).optional(),
  /** With verifyPr: the head commit the closed PR must have. */
  sha: z.string().regex(/^[0-9a-f]{7,40}$/i, "expected a commit SHA").optional(),
  /** Clean up only if the PR is closed and its head is `sha` (workflow_run cleanups triggered by untrusted runs). */
  verifyPr: z.boolean().default(false),
});

export const previewOptions = z.discriminatedUnion("action", [previewDeployOptions, previewCleanupOptions]);

export type PreviewDeployOptions = z.infer<typeof previewDeployOptions>;
export type PreviewCleanupOptions = z.infer<typeof previewCleanupOptions>;
export type PreviewOptions = z.infer<typeof previewOptions>;
