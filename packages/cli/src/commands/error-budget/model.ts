import type { LatencySketch } from "./sketch.js";

export type SloKind = "availability" | "latency" | "error-rate";

/** One service-level objective, normalised from config, OpenSLO or the defaults. */
export interface Slo {
  name: string;
  kind: SloKind;
  /** Percent, e.g. 99.9. */
  objective: number;
  /** latency: a request is good when it completes within this many milliseconds. */
  thresholdMs?: number;
  /** availability: a minute is down when at least this share of its requests failed with 5xx. */
  downRatio: number;
  description: string;
  /** Where it came from: "default", "crm-devex.config.yaml", "slo.yaml#2". */
  origin: string;
}

/** Requests seen in one minute (UTC), after exclusions. */
export interface MinuteStats {
  total: number;
  /** 5xx responses. */
  errors: number;
  /** Per latency threshold (same order as the scan's thresholds): requests within it. */
  withinThreshold: number[];
  /** The first line counted in this minute, for "outside the window" warnings. */
  firstRef: LineRef;
  /** Lines counted in this minute (requests, excluded paths included). */
  lines: number;
}

/** A line of an input file (1-based). */
export interface LineRef {
  file: string;
  line: number;
}

/** Why lines were skipped. */
export interface SkipCounts {
  notJson: number;
  missingField: number;
  wrongType: number;
  outsideWindow: number;
}

/** What reading the logs produced, before the window is applied. */
export interface LogScan {
  /** Epoch minute → stats. */
  minutes: Map<number, MinuteStats>;
  /**
   * Latency sketches per stretch of `sketchMinutes` minutes (keyed by the stretch's
   * first epoch minute): a 30-day window keeps 720 hourly sketches, not 43,200.
   */
  sketches: Map<number, LatencySketch>;
  sketchMinutes: number;
  lines: number;
  blankLines: number;
  /** Requests to excluded paths (/health, /metrics by default). */
  excluded: number;
  /** Lines of other events (not request lines). */
  otherEvents: number;
  skipped: SkipCounts;
  /** The first few skipped lines. */
  skippedExamples: SkippedLine[];
  bytes: number;
  latestMs: number | null;
}

export type SkipReason = keyof SkipCounts;

export interface SkippedLine extends LineRef {
  reason: SkipReason;
  detail: string;
}

/** Counts over one stretch of time, from logs or Prometheus. */
export interface WindowCounts {
  /** Requests (after exclusions) and 5xx among them. */
  requests: number;
  errors: number;
  /** thresholdMs → requests that completed within it. */
  withinThreshold: Map<number, number>;
  /** Minutes with at least one request. */
  knownMinutes: number;
  /** downRatio → minutes that were down. */
  downMinutes: Map<number, number>;
}

export interface LatencyQuantiles {
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

/** The standard burn-rate windows (SRE workbook, chapter 5). */
export const BURN_WINDOWS = ["5m", "30m", "1h", "6h", "3d"] as const;
export type BurnWindow = (typeof BURN_WINDOWS)[number];

/** Multi-window, multi-burn-rate alerts: fire when both windows burn faster than the factor. */
export const BURN_ALERTS = [
  { severity: "page", longWindow: "1h", shortWindow: "5m", factor: 14.4, budgetSpent: "2% of a 30d budget in 1h" },
  { severity: "page", longWindow: "6h", shortWindow: "30m", factor: 6, budgetSpent: "5% of a 30d budget in 6h" },
  { severity: "ticket", longWindow: "3d", shortWindow: "6h", factor: 1, budgetSpent: "10% of a 30d budget in 3d" },
] as const satisfies readonly { severity: string; longWindow: BurnWindow; shortWindow: BurnWindow; factor: number; budgetSpent: string }[];

export type SloStatus = "ok" | "warning" | "critical" | "no-data";

export interface BurnAlert {
  severity: "page" | "ticket";
  longWindow: BurnWindow;
  shortWindow: BurnWindow;
  factor: number;
  longBurnRate: number | null;
  shortBurnRate: number | null;
  firing: boolean;
}

/** One SLO's evaluation: the JSON `slos[]` entry. */
export interface SloReport {
  name: string;
  kind: SloKind;
  objective: number;
  description: string;
  status: SloStatus;
  /** availability: minutes; latency, error-rate: requests. */
  budgetUnit: "minutes" | "requests";
  budgetTotal: number | null;
  budgetConsumed: number | null;
  budgetConsumedPercent: number | null;
  budgetRemainingPercent: number | null;
  /** Over the whole window: bad ratio ÷ (1 − objective). */
  burnRate: number | null;
  burnRates: Record<BurnWindow, number | null>;
  alerts: BurnAlert[];
  /** Measured SLI, percent good (availability: up minutes of known minutes). */
  sliPercent: number | null;
  p95Ms: number | null;
  errorRatePercent: number | null;
  measured: Record<string, number | null>;
  /** Burn rate per chart column, oldest first (logs only). */
  burnHistory?: (number | null)[];
}
