import picomatch from "picomatch";
import type { SkipReason } from "../model.js";

/** Where each field is looked up; several candidates are tried in order (structlog, pino, common names). */
export interface FieldPaths {
  timestamp: string[];
  status: string[];
  latency: string[];
  path: string[];
  event: string[];
}

export const DEFAULT_FIELDS: FieldPaths = {
  timestamp: ["timestamp", "time", "ts", "@timestamp"],
  status: ["status", "status_code", "statusCode", "res.statusCode", "http.status_code"],
  latency: ["latency_ms", "duration_ms", "responseTime", "response_time_ms", "elapsed_ms"],
  path: ["path", "url", "req.url", "request.path", "http.target"],
  event: ["event"],
};

export const FIELD_NAMES = ["timestamp", "status", "latency", "path", "event"] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** What the line parser needs; plain data so it can be posted to a worker thread. */
export interface LineParserSettings {
  fields: FieldPaths;
  /** Milliseconds per unit of the latency field (1 for ms, 1000 for seconds). */
  latencyScale: number;
  /** Lines whose event field holds another value are other events, not requests; null: every line is a request. */
  requestEvent: string | null;
  excludePaths: string[];
  /** When the window is known before reading (--until given): [startMs, endMs). */
  windowMs: [number, number] | null;
}

export type ParsedLine =
  | { kind: "request"; timeMs: number; status: number; latencyMs: number }
  | { kind: "excluded"; timeMs: number }
  | { kind: "other" }
  | { kind: "skip"; reason: SkipReason; detail: string };

/** Read a dotted path (`res.statusCode`) out of a parsed JSON object. */
function lookup(record: Record<string, unknown>, paths: string[]): unknown {
  for (const path of paths) {
    const direct = record[path];
    if (direct !== undefined) return direct;
    if (path.includes(".")) {
      let value: unknown = record;
      for (const part of path.split(".")) {
        if (typeof value !== "object" || value === null) {
          value = undefined;
          break;
        }
        value = (value as Record<string, unknown>)[part];
      }
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

const ISO_START = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/i;

const UTC_SECONDS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:Z|\+00:00)$/;
let cachedMinuteText = "";
let cachedMinuteMs = 0;

/** Epoch milliseconds from an ISO 8601 string (UTC when no zone is given) or an epoch number (s or ms). */
export function parseTimestamp(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value) && value > 0) {
    // 1e11 s is the year 5138; anything above it is milliseconds (pino's `time`).
    return value > 1e11 ? value : value * 1000;
  }
  if (typeof value !== "string") return null;
  // Fast path for the common UTC form: consecutive lines share their minute, so
  // Date.parse runs once per minute rather than once per line.
  const utc = UTC_SECONDS.exec(value);
  if (utc) {
    const minuteText = utc[1]!;
    if (minuteText !== cachedMinuteText) {
      const ms = Date.parse(`${minuteText}:00Z`);
      if (Number.isNaN(ms)) return null;
      cachedMinuteText = minuteText;
      cachedMinuteMs = ms;
    }
    const seconds = Number(utc[2]);
    if (seconds > 59) return null;
    return cachedMinuteMs + seconds * 1000 + (utc[3] ? Number(utc[3].padEnd(3, "0").slice(0, 3)) : 0);
  }
  if (!ISO_START.test(value)) return null;
  const ms = Date.parse(HAS_ZONE.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? null : ms;
}

function toNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && /^\d+(?:\.\d+)?$/.test(value)) return Number(value);
  return null;
}

/** Build the per-line parser. Pure apart from the compiled path matcher. */
export function createLineParser(settings: LineParserSettings): (line: string) => ParsedLine {
  const isExcluded = settings.excludePaths.length > 0 ? picomatch(settings.excludePaths, { dot: true }) : () => false;
  const { fields } = settings;
  return (line) => {
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return { kind: "skip", reason: "notJson", detail: "not valid JSON" };
    }
    if (typeof record !== "object" || record === null || Array.isArray(record)) {
      return { kind: "skip", reason: "notJson", detail: "not a JSON object" };
    }
    const object = record as Record<string, unknown>;
    if (settings.requestEvent !== null) {
      const event = lookup(object, fields.event);
      if (event !== undefined && event !== settings.requestEvent) return { kind: "other" };
    }
    const rawTime = lookup(object, fields.timestamp);
    const rawStatus = lookup(object, fields.status);
    const rawLatency = lookup(object, fields.latency);
    const missing = [
      rawTime === undefined ? fields.timestamp[0] : null,
      rawStatus === undefined ? fields.status[0] : null,
      rawLatency === undefined ? fields.latency[0] : null,
    ].filter(Boolean);
    if (missing.length > 0) return { kind: "skip", reason: "missingField", detail: `no ${missing.join(", ")}` };
    const timeMs = parseTimestamp(rawTime);
    if (timeMs === null) return { kind: "skip", reason: "wrongType", detail: `timestamp ${JSON.stringify(rawTime)} is not ISO 8601 or epoch` };
    const status = toNumber(rawStatus);
    if (status === null || !Number.isInteger(status) || status < 100 || status > 599) {
      return { kind: "skip", reason: "wrongType", detail: `status ${JSON.stringify(rawStatus)} is not an HTTP status` };
    }
    const latency = toNumber(rawLatency);
    if (latency === null || latency < 0) return { kind: "skip", reason: "wrongType", detail: `latency ${JSON.stringify(rawLatency)} is not a duration` };
    if (settings.windowMs && (timeMs < settings.windowMs[0] || timeMs >= settings.windowMs[1])) {
      return { kind: "skip", reason: "outsideWindow", detail: `timestamp ${new Date(timeMs).toISOString()} is outside the window` };
    }
    const path = lookup(object, fields.path);
    if (typeof path === "string") {
      const query = path.indexOf("?");
      if (isExcluded(query === -1 ? path : path.slice(0, query))) return { kind: "excluded", timeMs };
    }
    return { kind: "request", timeMs, status, latencyMs: latency * settings.latencyScale };
  };
}
