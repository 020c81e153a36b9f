import { describe, expect, test } from "vitest";
import { SKETCH_RELATIVE_ACCURACY, addToSketch, mergeSketch, newSketch, sketchQuantile } from "../../src/commands/error-budget/sketch.js";

/** The exact q-quantile with the sketch's rank definition. */
function exactQuantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))]!;
}

/** A deterministic pseudo-random sequence (mulberry32), so the distributions are reproducible. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rnd = random(42);
const DISTRIBUTIONS: [string, number[]][] = [
  ["uniform 1..10000 ms", Array.from({ length: 10_000 }, (_, i) => i + 1)],
  ["exponential, mean 120 ms", Array.from({ length: 50_000 }, () => -Math.log(1 - rnd()) * 120)],
  ["log-normal, median 80 ms", Array.from({ length: 50_000 }, () => Math.exp(Math.log(80) + 0.9 * Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())))],
  ["bimodal: 90% fast (20 ms), 10% slow (2 s)", Array.from({ length: 20_000 }, (_, i) => (i % 10 === 0 ? 2000 + rnd() * 100 : 20 + rnd() * 5))],
  ["constant 250 ms", Array.from({ length: 1000 }, () => 250)],
];

describe("DDSketch quantiles stay within the stated relative error", () => {
  test.each(DISTRIBUTIONS)("%s", (_name, values) => {
    const sketch = newSketch();
    for (const value of values) addToSketch(sketch, value);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = exactQuantile(values, q);
      const estimate = sketchQuantile(sketch, q)!;
      expect(Math.abs(estimate - exact) / exact).toBeLessThanOrEqual(SKETCH_RELATIVE_ACCURACY + 1e-12);
    }
  });

  test("memory is bounded by the value range, not the count", () => {
    const sketch = newSketch();
    for (let i = 0; i < 200_000; i++) addToSketch(sketch, 1 + (i % 60_000));
    // 1 ms..60 s at 1% relative accuracy: ln(60000)/ln(1.0202) ≈ 550 buckets.
    expect(sketch.buckets.size).toBeLessThan(600);
  });

  test("merging two sketches equals one sketch over both halves", () => {
    const values = DISTRIBUTIONS[1]![1];
    const whole = newSketch();
    const left = newSketch();
    const right = newSketch();
    values.forEach((value, i) => {
      addToSketch(whole, value);
      addToSketch(i % 2 ? left : right, value);
    });
    mergeSketch(left, right);
    expect(sketchQuantile(left, 0.95)).toBe(sketchQuantile(whole, 0.95));
  });

  test("zero latencies and an empty sketch", () => {
    expect(sketchQuantile(newSketch(), 0.95)).toBeNull();
    const sketch = newSketch();
    for (let i = 0; i < 100; i++) addToSketch(sketch, i < 96 ? 0 : 10);
    expect(sketchQuantile(sketch, 0.95)).toBe(0);
  });
});
