declare const __CRM_DEVEX_VERSION__: string;

/** Injected at build time (tsup and vitest `define`) so a single-file bundle needs no package.json beside it. */
export const TOOL_VERSION: string = typeof __CRM_DEVEX_VERSION__ === "string" ? __CRM_DEVEX_VERSION__ : "0.0.0-dev";
