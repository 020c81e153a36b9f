/** Shared types of the contract-diff engine: rule metadata, changes, examples. */

/** How bad a change is for existing clients. */
export type ChangeLevel = "breaking" | "warning" | "info";

export const CHANGE_LEVELS: readonly ChangeLevel[] = ["breaking", "warning", "info"];

/** Rank for `--fail-on`: a change fails the gate when its rank is at least the threshold's. */
export const LEVEL_RANK: Record<ChangeLevel, number> = { info: 0, warning: 1, breaking: 2 };

/** Which side of the wire a rule judges: what clients send, what they receive, or both. */
export type RuleDirection = "request" | "response" | "both";

export type RuleArea =
  | "paths"
  | "deprecation"
  | "parameters"
  | "request-body"
  | "responses"
  | "properties"
  | "schema"
  | "composition"
  | "security";

/** A piece of a tiny OpenAPI document, expanded by `exampleSpec` (rules/examples.ts). */
export interface ExampleFragment {
  /** Request body schema of `PUT /properties/{id}` (application/json). */
  request?: unknown;
  /** Set to false to make the example's request body optional. */
  requestRequired?: boolean;
  /** 200 response body schema of `PUT /properties/{id}` (application/json). */
  response?: unknown;
  /** Parameters of `PUT /properties/{id}` besides the `id` path parameter. */
  parameters?: unknown[];
  /** Extra fields merged into the operation object. */
  operation?: Record<string, unknown>;
  /** Replaces the whole `paths` object. */
  paths?: Record<string, unknown>;
  /** Top-level `webhooks` (OpenAPI 3.1). */
  webhooks?: Record<string, unknown>;
  /** Top-level `servers`. */
  servers?: unknown[];
  components?: Record<string, unknown>;
  /** Top-level `security`. */
  security?: unknown[];
}

export interface RuleExample {
  /** What the example shows, one line (appears in the docs). */
  title: string;
  base: ExampleFragment;
  head: ExampleFragment;
}

/**
 * One rule of the catalogue. Detection code emits `(id, params)`; the message
 * template lives here, so wording changes never touch the differ.
 */
export interface ContractRule {
  id: string;
  /** One line: what the rule detects. */
  description: string;
  level: ChangeLevel;
  direction: RuleDirection;
  area: RuleArea;
  /** Message template; `{name}` placeholders are filled from the change's params. */
  message: string;
  /** Why it matters to clients and what to do instead (docs). */
  docs: string;
  /** The rule for the opposite change or the opposite direction. */
  mirror?: string;
  /** Why the rule has no mirror, when it has none. */
  waiver?: string;
  /** Changes the rule reports (at least one). */
  fires: RuleExample[];
  /** Near-misses the rule must stay quiet on (at least one). */
  quiet: RuleExample[];
}

/** Parameters a detector passes to a rule's message template. */
export type ChangeParams = Record<string, string | number>;

/** A JSON pointer (as segments) into one of the two specs, used to find a line to annotate. */
export interface SpecPointer {
  side: "base" | "head";
  /** The document's URI inside the spec (root document or an external file). */
  document: string;
  segments: readonly string[];
}

/** One detected change, before ignore rules and reporting. */
export interface Change {
  id: string;
  level: ChangeLevel;
  /** "GET /properties/{id}" (the head's path template; the base's when the operation was removed). */
  operation: string;
  /** Where in the operation, e.g. "200 response application/json: PropertyOut.price". */
  location: string;
  message: string;
  pointer?: SpecPointer;
}
