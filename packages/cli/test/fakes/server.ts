/**
 * The plumbing both fake APIs share: a stateful HTTP server on 127.0.0.1 (random port) that matches every
 * request to an operation of the vendor's published description, rejects what the real API would reject
 * (with the vendor's error shape), checks every response it sends against the description, and logs each call.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { OperationSubset } from "./openapi-extract.js";
import { matchOperation, validate, validateParameters, type ApiSubset } from "./schema.js";

/** One request the fake answered, in order. */
export interface CallRecord {
  operationId: string | null;
  method: string;
  /** Path and query as sent. */
  url: string;
  status: number;
  requestBody?: unknown;
  /** Set when the fake's own response broke the description: a bug in the fake, which tests assert never happens. */
  responseProblems?: string[];
}

/** What a handler answers. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sent as it is instead of `body` as JSON: a proxy's HTML page where the API should answer. */
  raw?: string;
}

export interface HandlerRequest {
  operation: OperationSubset;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  /** Parsed JSON body, or the raw bytes for non-JSON bodies. */
  body: unknown;
  raw: Buffer;
  /** The bearer or `token` credential, already checked to be present. */
  token: string;
  baseUrl: string;
}

/** An injected failure: the next `times` calls of an operation get this reply instead of the real one. */
export interface Fault {
  operationId: string;
  times: number;
  reply: Reply;
}

export interface VendorErrors {
  notFound(message: string): Reply;
  invalid(problems: string[]): Reply;
  unauthenticated(): Reply;
}

export abstract class FakeApi {
  readonly calls: CallRecord[] = [];
  private readonly faults: Fault[] = [];
  private server: Server | undefined;
  url = "";
  /** GitHub pretty-prints its JSON (shell scripts grep it line by line); Vercel does not. */
  protected prettyJson = false;

  protected constructor(
    private readonly subset: ApiSubset,
    private readonly errors: VendorErrors,
  ) {}

  protected abstract handle(request: HandlerRequest): Reply | Promise<Reply>;

  /** Headers every answer carries, injected faults included (the vendor's request id). */
  protected commonHeaders(): Record<string, string> {
    return {};
  }

  /** The next `times` calls of `operationId` answer `reply` (e.g. a 429 with Retry-After, a 500). */
  inject(operationId: string, reply: Reply, times = 1): void {
    if (!this.subset.operations.some((operation) => operation.operationId === operationId)) {
      throw new Error(`no operation ${operationId} in the fixture`);
    }
    this.faults.push({ operationId, times, reply });
  }

  /** `METHOD path` of every call, query string dropped, e.g. for `toEqual` on the exact sequence. */
  sequence(): string[] {
    return this.calls.map((call) => `${call.method} ${call.url.split("?")[0]} ${call.status}`);
  }

  /** Calls whose response did not match the published description (should always be empty). */
  responseProblems(): CallRecord[] {
    return this.calls.filter((call) => call.responseProblems?.length);
  }

  async start(port = 0): Promise<string> {
    this.server = createServer((request, response) => {
      void this.dispatch(request).then(({ reply, record }) => {
        this.calls.push(record);
        const headers: Record<string, string> = { ...this.commonHeaders(), ...reply.headers };
        let payload: string | undefined;
        if (reply.raw !== undefined) {
          payload = reply.raw;
        } else if (reply.body !== undefined) {
          payload = this.prettyJson ? JSON.stringify(reply.body, null, 2) + "\n" : JSON.stringify(reply.body);
          headers["content-type"] ??= "application/json; charset=utf-8";
        }
        response.writeHead(reply.status, headers);
        response.end(payload);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${address.port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  private async dispatch(request: IncomingMessage): Promise<{ reply: Reply; record: CallRecord }> {
    const method = (request.method ?? "GET").toUpperCase();
    const url = new URL(request.url ?? "/", this.url);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const record: CallRecord = { operationId: null, method, url: url.pathname + url.search, status: 0 };
    const finish = (reply: Reply) => {
      record.status = reply.status;
      return { reply, record };
    };
    const match = matchOperation(this.subset.operations, method, url.pathname);
    if (!match) return finish(this.errors.notFound(`${method} ${url.pathname} is not an operation of the API`));
    const { operation, params } = match;
    record.operationId = operation.operationId;
    const authorization = request.headers.authorization ?? "";
    const token = /^(?:bearer|token)\s+(\S+)$/i.exec(authorization)?.[1];
    if (!token) return finish(this.errors.unauthenticated());
    let body: unknown = raw;
    const isJson = (request.headers["content-type"] ?? "").includes("json");
    if (isJson && raw.length > 0) {
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        return finish(this.errors.invalid(["body: Problems parsing JSON"]));
      }
      record.requestBody = body;
    }
    const problems = validateParameters(operation, params, url.searchParams, request.headers);
    if (operation.requestBody) {
      if (!isJson || raw.length === 0) {
        if (operation.requestBody.required) problems.push("body: a JSON body wasn't supplied");
      } else {
        problems.push(...validate(operation.requestBody.schema, body));
      }
    }
    if (problems.length > 0) return finish(this.errors.invalid(problems));
    const faultIndex = this.faults.findIndex((fault) => fault.operationId === operation.operationId && fault.times > 0);
    if (faultIndex >= 0) {
      const fault = this.faults[faultIndex]!;
      fault.times -= 1;
      if (fault.times === 0) this.faults.splice(faultIndex, 1);
      return finish(fault.reply);
    }
    const reply = await this.handle({ operation, params, query: url.searchParams, headers: request.headers, body, raw, token, baseUrl: this.url });
    const declared = String(reply.status) in operation.responses;
    // Error statuses the description leaves out (GitHub's 404 on a deleted comment) are still real answers.
    const responseProblems = declared
      ? validate(operation.responses[String(reply.status)], reply.body, "response")
      : reply.status < 400
        ? [`response: status ${reply.status} is not declared for ${operation.operationId}`]
        : [];
    if (responseProblems.length > 0) record.responseProblems = responseProblems;
    return finish(reply);
  }
}
