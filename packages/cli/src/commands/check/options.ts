import { z } from "zod";
import { GATE_NAMES } from "../../config/schema.js";

export const checkOptionsSchema = z.object({
  only: z.array(z.enum(GATE_NAMES)).optional(),
  skip: z.array(z.enum(GATE_NAMES)).default([]),
  /** Live task list (TTY) or one plain line per finished gate (CI, pipes). */
  live: z.boolean().default(false),
});

export type CheckOptions = z.infer<typeof checkOptionsSchema>;
