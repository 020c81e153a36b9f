import { z } from "zod";
import { VALUE_TYPE_PATTERN } from "./value-types.js";

/** One variable declared in config instead of (or on top of) `.env.example`. */
export const envVarConfig = z
  .object({
    description: z.string().optional(),
    required: z.boolean().optional(),
    secret: z.boolean().optional(),
    type: z.string().regex(VALUE_TYPE_PATTERN, "expected url, int, port, bool, email or enum(a,b,…)").optional(),
    rotate: z.string().regex(/^\d+[dwmy]$/, "expected a period like 90d, 12w, 6m or 1y").optional(),
    docs: z.string().url().optional(),
    allowEmpty: z.boolean().optional(),
  })
  .strict();

/** An app's schema: its `.env.example`, the code that reads it, and env files to check. */
export const envProjectConfig = z
  .object({
    example: z.string().optional(),
    code: z.array(z.string()).optional(),
    envFiles: z.array(z.string()).optional(),
    vars: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "not a valid variable name"), envVarConfig).optional(),
  })
  .strict();

/**
 * The `env` section. Either one project inline (`example`, `code`, `envFiles`,
 * `vars`) or several under `projects` (a backend and a frontend with their own
 * examples). `checkEnvironment` makes `check` validate the process environment
 * too — off by default, since a laptop running `check` holds no production secrets.
 */
export const envConfig = envProjectConfig
  .extend({
    projects: z.array(envProjectConfig).optional(),
    checkEnvironment: z.boolean().optional(),
    /** Variables code may read without documenting them (NODE_ENV, CI…). */
    ignore: z.array(z.string()).optional(),
  })
  .strict();

export type EnvConfig = z.infer<typeof envConfig>;
export type EnvProjectConfig = z.infer<typeof envProjectConfig>;
export type EnvVarConfig = z.infer<typeof envVarConfig>;
