import { z } from "zod";
import { envVarConfig } from "./config.js";

export const envProjectOptions = z.object({
  /** Path of the annotated example, relative to cwd; absent when the schema is all in config. */
  example: z.string().optional(),
  envFiles: z.array(z.string()).default([]),
  code: z.array(z.string()).default([]),
  vars: z.record(envVarConfig).default({}),
});

export const envValidateOptions = z.object({
  projects: z.array(envProjectOptions).min(1),
  /** Check the process environment (plus env files) against the schema. */
  checkEnvironment: z.boolean(),
  ignore: z.array(z.string()).default([]),
});

export type EnvProjectOptions = z.infer<typeof envProjectOptions>;
export type EnvValidateOptions = z.infer<typeof envValidateOptions>;
