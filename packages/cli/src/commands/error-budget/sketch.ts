/**
 * A DDSketch (Masson, Rim & Lee, VLDB 2019): quantiles with a guaranteed relative
 * error, in memory bounded by the value range rather than the count. With
 * α = 1 %, latencies from 1 µs to 1 hour fit in under 1,100 buckets, and the
 * reported P95 is within ±1 % of a value that really is the P95 of the input.
 */
export const SKETCH_RELATIVE_ACCURACY = 0.01;

const GAMMA = (1 + SKETCH_RELATIVE_ACCURACY) / (1 - SKETCH_RELATIVE_ACCURACY);
const LOG_GAMMA = Math.log(GAMMA);

/** Bucket index → count, plus values ≤ 0 (which the log mapping cannot hold). */
export interface LatencySketch {
  buckets: Map<number, number>;
  zeros: number;
  count: number;
}

export function newSketch(): LatencySketch {
  return { buckets: new Map(), zeros: 0, count: 0 };
}

export function addToSketch(sketch: LatencySketch, value: number): void {
  sketch.count++;
  if (value <= 1e-9) {
    sketch.zeros++;
    return;
  }
  const index = Math.ceil(Math.log(value) / LOG_GAMMA);
  sketch.buckets.set(index, (sketch.buckets.get(index) ?? 0) + 1);
}

export function mergeSketch(into: LatencySketch, from: LatencySketch): void {
  into.count += from.count;
  into.zeros += from.zeros;
  for (const [index, n] of from.buckets) into.buckets.set(index, (into.buckets.get(index) ?? 0) + n);
}

/**
 * The q-quantile (0 ≤ q ≤ 1) with rank ⌊q × (n − 1)⌋ (the "lower" definition), or
 * null for an empty sketch.
 */
export function sketchQuantile(sketch: LatencySketch, q: number): number | null {
  if (sketch.count === 0) return null;
  const rank = Math.floor(q * (sketch.count - 1));
  if (rank < sketch.zeros) return 0;
  let seen = sketch.zeros;
  const indices = [...sketch.buckets.keys()].sort((a, b) => a - b);
  for (const index of indices) {
    seen += sketch.buckets.get(index)!;
    if (seen > rank) return (2 * Math.pow(GAMMA, index)) / (GAMMA + 1);
  }
  const last = indices[indices.length - 1]!;
  return (2 * Math.pow(GAMMA, last)) / (GAMMA + 1);
}
