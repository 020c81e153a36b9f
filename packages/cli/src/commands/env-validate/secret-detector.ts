import { findSecretsInText } from "../secret-scan/detect.js";
import type { SecretDetector } from "./analyse.js";

/**
 * The honesty check reuses secret-scan's provider rules, so "a real-looking
 * value" means the same thing in both commands.
 */
export const detectSecretsInLine: SecretDetector = (line, file) => [...new Set(findSecretsInText(line, file).map((match) => match.rule))];
