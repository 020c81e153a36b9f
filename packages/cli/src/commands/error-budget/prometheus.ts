import { InputError } from "../../kernel/errors.js";
import { getJson } from "../../io/http-json.js";
import { burnWindowMinutes, type EvaluationInput } from "./analyse.js";
import { formatMinutes } from "./duration.js";
import { BURN_WINDOWS, type BurnWindow, type Slo, type WindowCounts } from "./model.js";
import { promql, type MetricNames } from "./metrics.js";
import type { MinuteWindow } from "./series.js";

interface VectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

/** Run one instant query through the HTTP API; an error names the URL and Prometheus' own message. */
export async function instantQuery(baseUrl: string, query: string, timeSeconds: number): Promise<VectorSample[]> {
  const url = `${baseUrl.replace(/\/+$/, "")}/api/v1/query?query=${encodeURIComponent(query)}&time=${timeSeconds}`;
  const { status, body } = await getJson(url);
  const response = body as { status?: string; error?: string; data?: { resultType?: string; result?: unknown } };
  if (response.status !== "success") {
    throw new InputError(`Prometheus rejected a query (HTTP ${status}): ${response.error ?? "no error message"}`, { file: baseUrl }, { excerpt: query });
  }
  const data = response.data;
  if (data?.resultType === "scalar") return [{ metric: {}, value: data.result as [number, string] }];
  if (data?.resultType !== "vector" || !Array.isArray(data.result)) {
    throw new InputError(`unexpected Prometheus result type ${data?.resultType}`, { file: baseUrl }, { excerpt: query });
  }
  return data.result as VectorSample[];
}

/** The single value of a query, 0 when the result is empty (no series yet), never NaN. */
function scalar(samples: VectorSample[]): number {
  const value = samples[0] ? Number(samples[0].value[1]) : 0;
  return Number.isFinite(value) ? value : 0;
}

/**
 * The same counts the log source produces, computed by Prometheus. Counter
 * increases are extrapolated by Prometheus, so counts are rounded to whole requests.
 */
export async function evaluationInputFromPrometheus(
  baseUrl: string,
  metrics: MetricNames,
  excludePaths: string[],
  slos: Slo[],
  window: MinuteWindow,
  untilMs: number,
): Promise<{ input: EvaluationInput; bucketBoundsMs: number[] }> {
  const windowMinutes = window.minutes;
  const q = promql(metrics, excludePaths);
  const time = untilMs / 1000;
  // Minute slices are whole UTC minutes, the last one holding `until` (as with logs); a
  // subquery steps at minute multiples up to its evaluation time, so evaluate at that minute's end.
  const sliceTime = (Math.floor(untilMs / 60_000) + 1) * 60;
  const ratios = [...new Set(slos.filter((slo) => slo.kind === "availability").map((slo) => slo.downRatio))];
  const thresholds = [...new Set(slos.filter((slo) => slo.kind === "latency").map((slo) => slo.thresholdMs!))];
  let bucketBoundsMs: number[] = [];
  const counts = async (minutes: number): Promise<WindowCounts> => {
    const range = formatMinutes(minutes);
    const [requests, errors, buckets, known, ...down] = await Promise.all([
      instantQuery(baseUrl, q.requests(range), time),
      instantQuery(baseUrl, q.errors(range), time),
      instantQuery(baseUrl, q.bucketsByLe(range), time),
      instantQuery(baseUrl, q.knownMinutes(range), sliceTime),
      ...ratios.map((ratio) => instantQuery(baseUrl, q.downMinutes(ratio, range), sliceTime)),
    ]);
    const byLe = new Map(buckets.map((sample) => [sample.metric.le === "+Inf" ? Infinity : Number(sample.metric.le), Number(sample.value[1])]));
    if (byLe.size > 0) bucketBoundsMs = [...byLe.keys()].filter(Number.isFinite).map((le) => le * 1000).sort((a, b) => a - b);
    const histogramTotal = byLe.get(Infinity);
    return {
      requests: Math.round(scalar(requests)),
      errors: Math.round(scalar(errors)),
      withinThreshold: new Map(
        thresholds.map((threshold) => {
          const bucket = [...byLe].find(([le]) => Math.abs(le * 1000 - threshold) < 1e-6);
          // Requests are counted from the counter, "within" from the histogram: scale by the
          // histogram's own total so both sides of the ratio come from the same series.
          const within = bucket && histogramTotal ? (bucket[1] / histogramTotal) * scalar(requests) : 0;
          return [threshold, Math.round(within)];
        }),
      ),
      knownMinutes: Math.round(scalar(known)),
      downMinutes: new Map(ratios.map((ratio, i) => [ratio, Math.round(scalar(down[i]!))])),
    };
  };
  const burnMinutes = burnWindowMinutes(windowMinutes);
  const [windowCounts, ...burnCounts] = await Promise.all([counts(windowMinutes), ...BURN_WINDOWS.map((w) => counts(burnMinutes[w]))]);
  const range = formatMinutes(windowMinutes);
  const [p50, p95, p99] = await Promise.all(
    [0.5, 0.95, 0.99].map(async (quantile) => {
      const value = scalar(await instantQuery(baseUrl, q.quantile(quantile, range), time));
      return windowCounts!.requests > 0 && value > 0 ? value * 1000 : null;
    }),
  );
  for (const threshold of thresholds) {
    if (bucketBoundsMs.length > 0 && !bucketBoundsMs.some((le) => Math.abs(le - threshold) < 1e-6)) {
      throw new InputError(
        `latency threshold ${threshold} ms is not a bucket boundary of ${metrics.duration} (buckets: ${bucketBoundsMs.join(", ")} ms)`,
        { file: baseUrl },
        { expected: "a thresholdMs equal to one of the histogram's le values, so the count is exact rather than interpolated" },
      );
    }
  }
  return {
    input: {
      windowMinutes: window.budgetMinutes,
      elapsedMinutes: window.minutes,
      window: windowCounts,
      burn: Object.fromEntries(BURN_WINDOWS.map((w, i) => [w, burnCounts[i]!])) as Record<BurnWindow, WindowCounts>,
      quantiles: { p50Ms: p50 ?? null, p95Ms: p95 ?? null, p99Ms: p99 ?? null },
    },
    bucketBoundsMs,
  };
}
