export * from "./exit-codes.js";
export * from "./errors.js";
export * from "./result.js";
export * from "./rule.js";
export * from "./redact.js";
