/**
 * Operation-level comparison: paths, parameters, request bodies, responses,
 * security, deprecation. Operations are matched by method and path shape (path
 * parameter names blanked), so `/properties/{id}` → `/properties/{propertyId}`
 * is the same operation. The path part every `servers[].url` shares (and a
 * Swagger 2.0 `basePath`) is joined onto each path first, so moving `/api/v2`
 * between the paths and the server URL is no change, and changing it is one
 * change. An operation's or path item's own `servers` replace the document's
 * prefix for it. Callbacks and webhooks are operations the API calls: their
 * parameters and request bodies are compared as responses (the API sends them)
 * and their responses as requests.
 */
import { formatMessage, ruleById } from "../rules/registry.js";
import type { Change, ChangeParams, SpecPointer } from "../model.js";
import type { Located, Spec } from "../load/spec.js";
import { Canonicalizer } from "./canonical.js";
import { SchemaDiffer, type Direction, type PairNode } from "./schema.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

type Raw = Record<string, unknown>;

interface OperationRef {
  method: string;
  path: string;
  /** The full URL path (server prefix + template) with parameter names blanked: what matches operations. */
  shape: string;
  /** The server path prefix joined onto `path` ("" when none or when the servers disagree). */
  prefix?: string;
  /** Set when the operation or its path item brings its own `servers`: where they are, and whether they agree on a path. */
  ownServers?: { at: Located; agree: boolean };
  /** Set for callbacks and webhooks: the API sends the request and reads the response. */
  calledBack?: string;
  /** The path item, resolved. */
  item: Located<Raw>;
  operation: Located<Raw>;
}

/** Compare two specs; changes in catalogue terms, operations in head order then removed ones. */
export function diffSpecs(base: Spec, head: Spec, today: Date = new Date()): Change[] {
  return new SpecDiff(base, head, today).run();
}

/** Path template with parameter names blanked: the identity of an operation's URL. */
export function pathShape(template: string): string {
  return template.replace(/\{[^}]*\}/g, "{}").replace(/(.)\/$/, "$1");
}

class SpecDiff {
  private readonly changes: Change[] = [];
  private readonly schemas: SchemaDiffer;

  constructor(
    private readonly base: Spec,
    private readonly head: Spec,
    private readonly today: Date,
  ) {
    this.schemas = new SchemaDiffer(new Canonicalizer(base), new Canonicalizer(head));
  }

  run(): Change[] {
    let basePrefix = serverPathPrefix(this.base.value);
    let headPrefix = serverPathPrefix(this.head.value);
    // Servers that disagree on their path give no prefix to trust: paths are then compared as written.
    if (basePrefix === undefined || headPrefix === undefined) basePrefix = headPrefix = "";
    const baseOperations = this.operations(this.base, basePrefix);
    const headOperations = this.operations(this.head, headPrefix);
    // A changed server path is a stated prefix change: one moved operation is enough evidence.
    const moved = movedPrefix(baseOperations, headOperations, basePrefix !== headPrefix ? { from: basePrefix, to: headPrefix } : undefined);
    if (moved) {
      // Every URL under a prefix moved (`/status` → `/api/v1/status`, servers `/v1` → `/v2`):
      // one change says so, and the operations under it are compared as the same operations.
      for (const [baseKey, headKey] of moved.pairs) {
        const operation = baseOperations.get(baseKey)!;
        baseOperations.delete(baseKey);
        baseOperations.set(headKey, operation);
      }
      const rule = ruleById("path-prefix-changed");
      const count = moved.pairs.length;
      this.changes.push({
        id: rule.id,
        level: rule.level,
        operation: count === baseOperations.size ? "every operation" : `operations under ${moved.from || "/"}`,
        location: "paths",
        message: formatMessage(rule.message, { from: moved.from || "/", to: moved.to || "/", count: count === 1 ? "1 operation" : `${count} operations` }),
        pointer: { side: "head", document: this.head.root.uri, segments: this.head.value.servers && basePrefix !== headPrefix ? ["servers"] : ["paths"] },
      });
    }
    this.pairOwnServerMoves(baseOperations, headOperations);
    for (const [key, headOperation] of headOperations) {
      const baseOperation = baseOperations.get(key);
      if (baseOperation) this.compareOperation(baseOperation, headOperation);
      else this.operationChange(headOperation, addedRule(headOperation), {}, "operation", this.pointer("head", headOperation.operation));
    }
    for (const [key, baseOperation] of baseOperations) {
      if (headOperations.has(key)) continue;
      this.removedOperation(baseOperation);
    }
    return this.changes;
  }

  /**
   * An operation whose own `servers` (operation or path item level) now give it another
   * URL path prefix is the same operation at a new URL: one `operation-server-path-changed`,
   * then compared as usual. Servers that disagree on their path give no prefix to trust,
   * as at the document level: such a pair is matched without a change.
   */
  private pairOwnServerMoves(baseOperations: Map<string, OperationRef>, headOperations: Map<string, OperationRef>): void {
    const unmatchedHead = new Map<string, string>();
    for (const [key, operation] of headOperations) {
      if (!baseOperations.has(key) && !operation.calledBack) unmatchedHead.set(`${operation.method} ${pathShape(operation.path)}`, key);
    }
    for (const [baseKey, baseOperation] of [...baseOperations]) {
      if (headOperations.has(baseKey) || baseOperation.calledBack) continue;
      const headKey = unmatchedHead.get(`${baseOperation.method} ${pathShape(baseOperation.path)}`);
      const headOperation = headKey === undefined ? undefined : headOperations.get(headKey);
      if (!headKey || !headOperation || (!baseOperation.ownServers && !headOperation.ownServers)) continue;
      unmatchedHead.delete(`${baseOperation.method} ${pathShape(baseOperation.path)}`);
      baseOperations.delete(baseKey);
      baseOperations.set(headKey, baseOperation);
      if (baseOperation.ownServers?.agree === false || headOperation.ownServers?.agree === false) continue;
      const at = headOperation.ownServers?.at ?? headOperation.operation;
      this.operationChange(headOperation, "operation-server-path-changed", { from: baseOperation.prefix || "/", to: headOperation.prefix || "/" }, "servers", this.pointer("head", at));
    }
  }

  private operations(spec: Spec, prefix: string): Map<string, OperationRef> {
    const out = new Map<string, OperationRef>();
    const add = (container: unknown, pointer: readonly string[], keyOf: (name: string, item: Located<Raw>, operation: Located<Raw>) => Pick<OperationRef, "path" | "shape" | "calledBack" | "prefix" | "ownServers">) => {
      if (!container || typeof container !== "object") return;
      for (const name of Object.keys(container as Raw)) {
        const item = spec.resolve<Raw>({ node: (container as Raw)[name], doc: spec.root.uri, pointer: [...pointer, name] });
        if (!item.node || typeof item.node !== "object") continue;
        for (const method of METHODS) {
          const operation = item.node[method];
          if (!operation || typeof operation !== "object") continue;
          const located: Located<Raw> = { node: operation as Raw, doc: item.doc, pointer: [...item.pointer, method] };
          const where = keyOf(name, item, located);
          const key = `${method} ${where.shape}`;
          if (out.has(key)) continue;
          const ref: OperationRef = { method, ...where, item, operation: located };
          out.set(key, ref);
          if (!where.calledBack) this.addCallbacks(spec, ref, out);
        }
      }
    };
    add(spec.value.paths, ["paths"], (path, item, operation) => {
      // Operation-level `servers` replace the path item's, which replace the document's (OpenAPI 3).
      const own = ownServers(operation) ?? ownServers(item);
      const effective = own ? (serverPathPrefix(own.node) ?? "") : prefix;
      return { path, shape: pathShape(joinPath(effective, path)), prefix: effective, ownServers: own && { at: child(own, "servers"), agree: serverPathPrefix(own.node) !== undefined } };
    });
    add(spec.value.webhooks, ["webhooks"], (name) => ({ path: `(webhook ${name})`, shape: `(webhook ${name})`, calledBack: "webhook" }));
    return out;
  }

  /** An operation's callbacks, as operations named after it: `POST (callback onPaid of POST /invoices)`. */
  private addCallbacks(spec: Spec, parent: OperationRef, out: Map<string, OperationRef>): void {
    const callbacks = parent.operation.node.callbacks;
    if (!callbacks || typeof callbacks !== "object") return;
    for (const name of Object.keys(callbacks as Raw)) {
      const callback = spec.resolve<Raw>(child(parent.operation, "callbacks", name));
      if (!callback.node || typeof callback.node !== "object") continue;
      for (const expression of Object.keys(callback.node)) {
        const item = spec.resolve<Raw>(child(callback, expression));
        if (!item.node || typeof item.node !== "object") continue;
        const path = `(callback ${name} of ${parent.method.toUpperCase()} ${parent.path})`;
        for (const method of METHODS) {
          const operation = item.node[method];
          if (!operation || typeof operation !== "object") continue;
          const key = `${method} callback ${name} ${expression} of ${parent.method} ${parent.shape}`;
          if (!out.has(key)) out.set(key, { method, path, shape: key, calledBack: "callback", item, operation: { node: operation as Raw, doc: item.doc, pointer: [...item.pointer, method] } });
        }
      }
    }
  }

  private name(operation: OperationRef): string {
    return `${operation.method.toUpperCase()} ${operation.path}`;
  }

  private pointer(side: "base" | "head", at: Located): SpecPointer {
    return { side, document: at.doc, segments: at.pointer };
  }

  private operationChange(operation: OperationRef, id: string, params: ChangeParams, location: string, pointer?: SpecPointer): void {
    const rule = ruleById(id);
    const operationName = this.name(operation);
    this.changes.push({
      id,
      level: rule.level,
      operation: operationName,
      location,
      message: formatMessage(rule.message, { operation: operationName, ...params }),
      pointer,
    });
  }

  private removedOperation(operation: OperationRef): void {
    const raw = operation.operation.node;
    // Annotate the paths object of the head, where the operation used to be.
    const pointer: SpecPointer = { side: "head", document: this.head.root.uri, segments: [operation.calledBack === "webhook" ? "webhooks" : "paths"] };
    if (operation.calledBack) {
      this.operationChange(operation, `${operation.calledBack}-removed`, {}, "operation", pointer);
      return;
    }
    if (raw.deprecated === true) {
      const sunset = typeof raw["x-sunset"] === "string" ? raw["x-sunset"] : undefined;
      const sunsetDate = sunset ? new Date(sunset) : undefined;
      if (sunsetDate && !Number.isNaN(sunsetDate.getTime()) && sunsetDate > this.today) {
        this.operationChange(operation, "endpoint-removed-before-sunset", { sunset: sunset! }, "operation", pointer);
      } else this.operationChange(operation, "deprecated-endpoint-removed", {}, "operation", pointer);
      return;
    }
    this.operationChange(operation, "endpoint-removed", {}, "operation", pointer);
  }

  private compareOperation(base: OperationRef, head: OperationRef): void {
    const baseRaw = base.operation.node;
    const headRaw = head.operation.node;
    const at = this.pointer("head", head.operation);
    if (typeof baseRaw.operationId === "string" && typeof headRaw.operationId === "string" && baseRaw.operationId !== headRaw.operationId) {
      this.operationChange(head, "operation-id-changed", { from: baseRaw.operationId, to: headRaw.operationId }, "operationId", at);
    }
    if (baseRaw.deprecated !== true && headRaw.deprecated === true) {
      const sunset = typeof headRaw["x-sunset"] === "string" ? ` (sunset ${headRaw["x-sunset"]})` : "";
      this.operationChange(head, "endpoint-deprecated", { sunsetNote: sunset }, "deprecated", at);
    }
    if (baseRaw.deprecated === true && headRaw.deprecated !== true) this.operationChange(head, "endpoint-reactivated", {}, "deprecated", at);

    const baseNames = pathParameterNames(base.path);
    const headNames = pathParameterNames(head.path);
    baseNames.forEach((name, i) => {
      if (headNames[i] !== undefined && headNames[i] !== name) {
        this.operationChange(head, "path-parameter-renamed", { from: name, to: headNames[i]! }, `path parameter ${headNames[i]}`, at);
      }
    });

    const roots: { node: PairNode; context: string }[] = [];
    // Parameters of a callback or webhook are sent by the API and read by the receiver.
    if (head.calledBack) this.compareSentParameters(base, head, roots);
    else this.compareParameters(base, head, roots);
    this.compareRequestBody(base, head, roots);
    this.compareResponses(base, head, roots);
    this.compareSecurity(base, head);
    this.attachSchemaChanges(head, roots);
  }

  private attachSchemaChanges(head: OperationRef, roots: { node: PairNode; context: string }[]): void {
    // Pairs shared by several roots (the same component in the request and in two
    // responses) are reported under the first context only: one entry per change per operation.
    const visited = new Set<PairNode>();
    const keys = new Set<string>();
    const operationName = this.name(head);
    for (const root of roots) {
      for (const change of SchemaDiffer.collect([root.node], visited, keys)) {
        const rule = ruleById(change.id);
        this.changes.push({
          id: change.id,
          level: rule.level,
          operation: operationName,
          location: `${root.context}: ${change.target}`,
          message: formatMessage(rule.message, { operation: operationName, ...change.params }),
          pointer: change.pointer,
        });
      }
    }
  }

  private parameters(spec: Spec, operation: OperationRef): Map<string, { parameter: Raw; at: Located<Raw>; position?: number }> {
    const out = new Map<string, { parameter: Raw; at: Located<Raw>; position?: number }>();
    const names = pathParameterNames(operation.path);
    const add = (list: unknown, owner: Located) => {
      if (!Array.isArray(list)) return;
      list.forEach((entry, i) => {
        const at = spec.resolve<Raw>({ node: entry, doc: owner.doc, pointer: [...owner.pointer, "parameters", String(i)] });
        const parameter = at.node;
        if (!parameter || typeof parameter !== "object" || typeof parameter.name !== "string") return;
        const where = String(parameter.in);
        let key = `${where}:${where === "header" ? parameter.name.toLowerCase() : parameter.name}`;
        let position: number | undefined;
        if (where === "path") {
          position = names.indexOf(parameter.name);
          if (position !== -1) key = `path#${position}`;
        }
        out.set(key, { parameter, at, position });
      });
    };
    add(operation.item.node.parameters, operation.item);
    add(operation.operation.node.parameters, operation.operation);
    return out;
  }

  private compareParameters(base: OperationRef, head: OperationRef, roots: { node: PairNode; context: string }[]): void {
    const baseParameters = this.parameters(this.base, base);
    const headParameters = this.parameters(this.head, head);
    for (const [key, { parameter, at }] of headParameters) {
      const previous = baseParameters.get(key);
      const where = String(parameter.in);
      const name = String(parameter.name);
      const location = `${where} parameter ${name}`;
      const pointer = this.pointer("head", at);
      if (!previous) {
        // A path parameter declared for a `{segment}` the base template already had documents
        // what clients always sent in the URL: nothing new is asked of them.
        if (templateKeepsSegment(key, base.path)) continue;
        this.operationChange(head, parameter.required === true ? "request-parameter-added-required" : "request-parameter-added", { in: where, name }, location, pointer);
        continue;
      }
      const wasRequired = previous.parameter.required === true;
      const isRequired = parameter.required === true;
      if (!wasRequired && isRequired) this.operationChange(head, "request-parameter-became-required", { in: where, name }, location, pointer);
      if (wasRequired && !isRequired) this.operationChange(head, "request-parameter-became-optional", { in: where, name }, location, pointer);
      const baseSchema = parameterSchema(previous.at);
      const headSchema = parameterSchema(at);
      // Query, path, header and cookie values are text on the wire: they cannot carry a JSON null.
      if (baseSchema && headSchema) roots.push({ node: this.schemas.compare(baseSchema, headSchema, "request", name, { nullable: false }), context: location });
    }
    for (const [key, { parameter }] of baseParameters) {
      if (headParameters.has(key)) continue;
      const where = String(parameter.in);
      // The declaration of a path parameter dropped while the head template keeps its `{segment}`: clients
      // still send that segment and the server still routes on it, so nothing they send is ignored.
      if (templateKeepsSegment(key, head.path)) continue;
      this.operationChange(head, "request-parameter-removed", { in: where, name: String(parameter.name) }, `${where} parameter ${String(parameter.name)}`, this.pointer("head", head.operation));
    }
  }

  /**
   * Parameters the API sends with a callback or webhook (headers such as an event name or
   * a signature, query parameters in the callback URL), judged as a response: one the
   * receiver could rely on (required) and no longer gets breaks it; a new one breaks no one.
   */
  private compareSentParameters(base: OperationRef, head: OperationRef, roots: { node: PairNode; context: string }[]): void {
    const baseParameters = this.parameters(this.base, base);
    const headParameters = this.parameters(this.head, head);
    for (const [key, { parameter, at }] of headParameters) {
      const previous = baseParameters.get(key);
      const where = String(parameter.in);
      const name = String(parameter.name);
      const location = `${where} parameter ${name} the API sends`;
      const pointer = this.pointer("head", at);
      if (!previous) {
        this.operationChange(head, "response-sent-parameter-added", { in: where, name }, location, pointer);
        continue;
      }
      const wasRequired = previous.parameter.required === true;
      const isRequired = parameter.required === true;
      if (wasRequired && !isRequired) this.operationChange(head, "response-sent-parameter-became-optional", { in: where, name }, location, pointer);
      if (!wasRequired && isRequired) this.operationChange(head, "response-sent-parameter-became-required", { in: where, name }, location, pointer);
      const baseSchema = parameterSchema(previous.at);
      const headSchema = parameterSchema(at);
      if (baseSchema && headSchema) roots.push({ node: this.schemas.compare(baseSchema, headSchema, "response", name, { nullable: false }), context: location });
    }
    for (const [key, { parameter }] of baseParameters) {
      if (headParameters.has(key)) continue;
      const where = String(parameter.in);
      const name = String(parameter.name);
      const id = parameter.required === true ? "response-sent-required-parameter-removed" : "response-sent-optional-parameter-removed";
      this.operationChange(head, id, { in: where, name }, `${where} parameter ${name} the API sends`, this.pointer("head", head.operation));
    }
  }

  private compareRequestBody(base: OperationRef, head: OperationRef, roots: { node: PairNode; context: string }[]): void {
    const baseBody = this.optional(this.base, base.operation, "requestBody");
    const headBody = this.optional(this.head, head.operation, "requestBody");
    if (!baseBody && !headBody) return;
    const pointer = this.pointer("head", headBody ?? head.operation);
    if (!baseBody && headBody) {
      this.operationChange(head, headBody.node.required === true ? "request-body-became-required" : "request-body-added", {}, "request body", pointer);
      return;
    }
    if (baseBody && !headBody) {
      this.operationChange(head, "request-body-removed", {}, "request body", pointer);
      return;
    }
    const wasRequired = baseBody!.node.required === true;
    const isRequired = headBody!.node.required === true;
    if (!wasRequired && isRequired) this.operationChange(head, "request-body-became-required", {}, "request body", pointer);
    if (wasRequired && !isRequired) this.operationChange(head, "request-body-became-optional", {}, "request body", pointer);
    const sent = head.calledBack ? `request body the API sends` : "request body";
    this.compareContent(head, baseBody!, headBody!, head.calledBack ? "response" : "request", sent, roots, {
      removed: "request-media-type-removed",
      added: "request-media-type-added",
    });
  }

  private compareContent(
    head: OperationRef,
    baseOwner: Located<Raw>,
    headOwner: Located<Raw>,
    direction: Direction,
    context: string,
    roots: { node: PairNode; context: string }[],
    ids: { removed: string; added: string },
    params: ChangeParams = {},
  ): void {
    const baseContent = mediaTypes(baseOwner);
    const headContent = mediaTypes(headOwner);
    for (const [type, baseMedia] of baseContent) {
      const headMedia = headContent.get(type) ?? wildcardMatch(headContent, type);
      if (!headMedia) {
        this.operationChange(head, ids.removed, { mediaType: type, ...params }, context, this.pointer("head", headOwner));
        continue;
      }
      const baseSchema = child(baseMedia, "schema");
      const headSchema = child(headMedia, "schema");
      if (baseSchema.node !== undefined && headSchema.node !== undefined) {
        roots.push({ node: this.schemas.compare(baseSchema, headSchema, direction, "body"), context: `${context} ${type}` });
      }
    }
    for (const [type, headMedia] of headContent) {
      if (baseContent.has(type) || wildcardMatch(baseContent, type)) continue;
      this.operationChange(head, ids.added, { mediaType: type, ...params }, context, this.pointer("head", headMedia));
    }
  }

  private compareResponses(base: OperationRef, head: OperationRef, roots: { node: PairNode; context: string }[]): void {
    const baseResponses = (base.operation.node.responses ?? {}) as Raw;
    const headResponses = (head.operation.node.responses ?? {}) as Raw;
    const headKeys = new Map(Object.keys(headResponses).map((status) => [status.toUpperCase(), status]));
    const matchedHead = new Set<string>();
    for (const status of Object.keys(baseResponses)) {
      const same = headKeys.get(status.toUpperCase()) ?? headKeys.get(`${status[0]}XX`);
      // A range narrowed to codes inside it (2XX → 200, 201) still answers with a code clients handle:
      // each of those codes is compared with the range's response, none of them is new.
      const headStatuses = same ? [same] : /^\dXX$/i.test(status) ? Object.keys(headResponses).filter((code) => code[0] === status[0] && /^\d{3}$/.test(code)) : [];
      const baseAt = this.base.resolve<Raw>(child(base.operation, "responses", status));
      if (!headStatuses.length) {
        const success = /^2/.test(status);
        this.operationChange(head, success ? "response-success-status-removed" : "response-error-status-removed", { status }, `${status} response`, this.pointer("head", child(head.operation, "responses")));
        continue;
      }
      for (const headStatus of headStatuses) {
        matchedHead.add(headStatus);
        const headAt = this.head.resolve<Raw>(child(head.operation, "responses", headStatus));
        if (!baseAt.node || !headAt.node) continue;
        this.compareHeaders(head, baseAt, headAt, headStatus, roots);
        const context = head.calledBack ? `${headStatus} response the API reads` : `${headStatus} response`;
        this.compareContent(head, baseAt, headAt, head.calledBack ? "request" : "response", context, roots, { removed: "response-media-type-removed", added: "response-media-type-added" }, { status: headStatus });
      }
    }
    for (const status of Object.keys(headResponses)) {
      if (matchedHead.has(status)) continue;
      this.operationChange(head, "response-status-added", { status }, `${status} response`, this.pointer("head", child(head.operation, "responses", status)));
    }
  }

  private compareHeaders(head: OperationRef, baseAt: Located<Raw>, headAt: Located<Raw>, status: string, roots: { node: PairNode; context: string }[]): void {
    const headers = (at: Located<Raw>, spec: Spec) => {
      const out = new Map<string, { name: string; header: Raw; at: Located }>();
      const raw = at.node.headers;
      if (!raw || typeof raw !== "object") return out;
      for (const name of Object.keys(raw)) {
        const resolved = spec.resolve<Raw>(child(at, "headers", name));
        out.set(name.toLowerCase(), { name, header: resolved.node ?? {}, at: resolved });
      }
      return out;
    };
    const baseHeaders = headers(baseAt, this.base);
    const headHeaders = headers(headAt, this.head);
    for (const [key, { name, header }] of baseHeaders) {
      if (headHeaders.has(key)) continue;
      const id = header.required === true ? "response-required-header-removed" : "response-optional-header-removed";
      this.operationChange(head, id, { status, name }, `${status} response header ${name}`, this.pointer("head", headAt));
    }
    for (const [key, { name, header, at }] of headHeaders) {
      const previous = baseHeaders.get(key);
      const location = `${status} response header ${name}`;
      if (!previous) {
        this.operationChange(head, "response-header-added", { status, name }, location, this.pointer("head", at));
        continue;
      }
      const wasRequired = previous.header.required === true;
      const isRequired = header.required === true;
      if (wasRequired && !isRequired) this.operationChange(head, "response-header-became-optional", { status, name }, location, this.pointer("head", at));
      if (!wasRequired && isRequired) this.operationChange(head, "response-header-became-required", { status, name }, location, this.pointer("head", at));
      const baseSchema = parameterSchema(previous.at as Located<Raw>);
      const headSchema = parameterSchema(at as Located<Raw>);
      if (baseSchema && headSchema) roots.push({ node: this.schemas.compare(baseSchema, headSchema, "response", name, { nullable: false }), context: location });
    }
  }

  private compareSecurity(base: OperationRef, head: OperationRef): void {
    const baseAlternatives = securityOf(base.operation.node, this.base.value);
    const headAlternatives = securityOf(head.operation.node, this.head.value);
    const pointer = this.pointer("head", head.operation);
    let tightened = false;
    for (const alternative of baseAlternatives) {
      if (headAlternatives.some((candidate) => satisfiedBy(candidate, alternative))) continue;
      tightened = true;
      const sameSchemes = headAlternatives.find((candidate) => sameKeys(candidate, alternative));
      if (sameSchemes) {
        for (const [scheme, scopes] of sameSchemes) {
          const added = [...scopes].filter((scope) => !alternative.get(scheme)!.has(scope));
          if (added.length) this.operationChange(head, "security-scope-added", { name: scheme, values: added.map((s) => `\`${s}\``).join(", ") }, "security", pointer);
        }
      } else {
        this.operationChange(head, "security-requirement-added", { from: describeAlternative(alternative), to: headAlternatives.map(describeAlternative).join(" or ") }, "security", pointer);
      }
    }
    for (const alternative of headAlternatives) {
      const sameSchemes = baseAlternatives.find((candidate) => sameKeys(candidate, alternative));
      if (sameSchemes) {
        for (const [scheme, scopes] of sameSchemes) {
          const removed = [...scopes].filter((scope) => !alternative.get(scheme)!.has(scope));
          if (removed.length) this.operationChange(head, "security-scope-removed", { name: scheme, values: removed.map((s) => `\`${s}\``).join(", ") }, "security", pointer);
        }
      } else if (!tightened) {
        this.operationChange(head, "security-requirement-removed", { to: describeAlternative(alternative) }, "security", pointer);
      }
    }
  }

  private optional(spec: Spec, owner: Located<Raw>, key: string): Located<Raw> | undefined {
    if (owner.node[key] === undefined) return undefined;
    const resolved = spec.resolve<Raw>(child(owner, key));
    return resolved.node && typeof resolved.node === "object" ? resolved : undefined;
  }
}

function addedRule(operation: OperationRef): string {
  return operation.calledBack ? `${operation.calledBack}-added` : "endpoint-added";
}

/**
 * The prefix change that explains the most removed + added operation pairs: a
 * removed `GET /status` and an added `GET /api/v1/status` share their tail, and
 * the rest of each path is the prefix. When the server URL says the prefix
 * changed, that is enough; otherwise every operation under the old prefix (at
 * least two) must have moved the same way, so that a few renamed endpoints are
 * not mistaken for a moved API.
 */
function movedPrefix(
  base: Map<string, OperationRef>,
  head: Map<string, OperationRef>,
  stated?: { from: string; to: string },
): { from: string; to: string; pairs: [string, string][] } | undefined {
  const removed = [...base.keys()].filter((key) => !head.has(key));
  const added = new Set([...head.keys()].filter((key) => !base.has(key)));
  if (!removed.length || !added.size) return undefined;
  const split = (key: string) => [key.slice(0, key.indexOf(" ")), key.slice(key.indexOf(" ") + 1)] as const;
  const candidates = new Map<string, { from: string; to: string }>();
  if (stated) candidates.set(`${stated.from} ${stated.to}`, stated);
  for (const removedKey of removed) {
    const [method, path] = split(removedKey);
    const tail = path.split("/");
    for (const addedKey of added) {
      const [otherMethod, otherPath] = split(addedKey);
      if (otherMethod !== method) continue;
      const otherTail = otherPath.split("/");
      let shared = 0;
      while (shared < tail.length - 1 && shared < otherTail.length - 1 && tail[tail.length - 1 - shared] === otherTail[otherTail.length - 1 - shared]) shared++;
      if (!shared) continue;
      const from = tail.slice(0, tail.length - shared).join("/");
      const to = otherTail.slice(0, otherTail.length - shared).join("/");
      if (from !== to && !from.includes("{") && !to.includes("{")) candidates.set(`${from} ${to}`, { from, to });
    }
  }
  let best: { from: string; to: string; pairs: [string, string][] } | undefined;
  for (const { from, to } of candidates.values()) {
    const pairs: [string, string][] = [];
    for (const removedKey of removed) {
      const [method, path] = split(removedKey);
      if (from && !path.startsWith(`${from}/`)) continue;
      const target = `${method} ${to}${path.slice(from.length)}`;
      if (added.has(target)) pairs.push([removedKey, target]);
    }
    if (!best || pairs.length > best.pairs.length) best = { from, to, pairs };
  }
  if (!best) return undefined;
  const isStated = stated !== undefined && best.from === stated.from && best.to === stated.to;
  if (isStated) return best;
  // Unstated, it is a move only when everything under the old prefix moved: three endpoints
  // leaving /organizations for /enterprises, while seven others stay, are three endpoints removed.
  const under = [...base.keys()].filter((key) => !best.from || split(key)[1].startsWith(`${best.from}/`)).length;
  return best.pairs.length >= 2 && best.pairs.length === under ? best : undefined;
}

/**
 * The path part all `servers[].url` share (`https://api.example.com/v1` → `/v1`),
 * variables filled with their defaults; "" when there are no servers, undefined when they disagree.
 */
export function serverPathPrefix(document: Raw): string | undefined {
  const servers = Array.isArray(document.servers) ? (document.servers as Raw[]) : [];
  const prefixes = new Set<string>();
  for (const server of servers) {
    if (!server || typeof server.url !== "string") continue;
    const variables = (server.variables ?? {}) as Record<string, { default?: unknown }>;
    const url = server.url.replace(/\{([^}]*)\}/g, (whole, name: string) => (variables[name]?.default !== undefined ? String(variables[name]!.default) : whole));
    const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "").replace(/^\/\/[^/]*/, "").split(/[?#]/)[0]!;
    prefixes.add(normalisePrefix(path));
  }
  return prefixes.size <= 1 ? ([...prefixes][0] ?? "") : undefined;
}

/** The path item or operation, when it has `servers` of its own (an empty list overrides nothing). */
function ownServers(at: Located<Raw>): Located<Raw> | undefined {
  return Array.isArray(at.node.servers) && at.node.servers.length ? at : undefined;
}

function normalisePrefix(path: string): string {
  const trimmed = path.replace(/\/+$/, "");
  if (!trimmed) return "";
  return trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

function joinPath(prefix: string, path: string): string {
  return prefix ? `${prefix}/${path.replace(/^\/+/, "")}` : path;
}

function child(at: Located, ...segments: string[]): Located<Raw> {
  let node: unknown = at.node;
  for (const segment of segments) node = (node as Raw | undefined)?.[segment];
  return { node: node as Raw, doc: at.doc, pointer: [...at.pointer, ...segments] };
}

function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([^}]*)\}/g)].map((match) => match[1]!);
}

/**
 * Whether a path parameter, keyed by its position (`path#1`), names a `{segment}` the other
 * side's template has: declaring or dropping its declaration changes nothing clients send.
 */
function templateKeepsSegment(key: string, path: string): boolean {
  return key.startsWith("path#") && pathParameterNames(path).length > Number(key.slice("path#".length));
}

function parameterSchema(at: Located<Raw>): Located | undefined {
  if (at.node.schema !== undefined) return child(at, "schema");
  const content = at.node.content as Raw | undefined;
  const first = content && Object.keys(content)[0];
  return first ? child(at, "content", first, "schema") : undefined;
}

/** `application/json; charset=utf-8` and `Application/JSON` are `application/json`. */
function normaliseMediaType(type: string): string {
  return type.split(";")[0]!.trim().toLowerCase();
}

function mediaTypes(owner: Located<Raw>): Map<string, Located<Raw>> {
  const out = new Map<string, Located<Raw>>();
  const content = owner.node.content;
  if (!content || typeof content !== "object") return out;
  for (const type of Object.keys(content)) {
    const key = normaliseMediaType(type);
    if (!out.has(key)) out.set(key, child(owner, "content", type));
  }
  return out;
}

function wildcardMatch(content: Map<string, Located<Raw>>, type: string): Located<Raw> | undefined {
  return content.get(`${type.split("/")[0]}/*`) ?? content.get("*/*");
}

type Alternative = Map<string, Set<string>>;

function securityOf(operation: Raw, root: Raw): Alternative[] {
  const requirements = (Array.isArray(operation.security) ? operation.security : Array.isArray(root.security) ? root.security : []) as unknown[];
  if (!requirements.length) return [new Map()];
  return requirements.map((requirement) => {
    const alternative: Alternative = new Map();
    for (const [scheme, scopes] of Object.entries((requirement ?? {}) as Raw)) alternative.set(scheme, new Set(Array.isArray(scopes) ? scopes.map(String) : []));
    return alternative;
  });
}

/** A client meeting `held` also meets `needed` when `needed` asks for no scheme or scope beyond it. */
function satisfiedBy(needed: Alternative, held: Alternative): boolean {
  for (const [scheme, scopes] of needed) {
    const have = held.get(scheme);
    if (!have) return false;
    for (const scope of scopes) if (!have.has(scope)) return false;
  }
  return true;
}

function sameKeys(a: Alternative, b: Alternative): boolean {
  return a.size === b.size && [...a.keys()].every((key) => b.has(key));
}

function describeAlternative(alternative: Alternative): string {
  if (!alternative.size) return "no credentials";
  return [...alternative].map(([scheme, scopes]) => (scopes.size ? `${scheme} (${[...scopes].join(", ")})` : scheme)).join(" + ");
}
