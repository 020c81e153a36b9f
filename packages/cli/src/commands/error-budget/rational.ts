/**
 * Exact decimal arithmetic for SLO thresholds. `1 - 0.999` is 0.0010000000000000009
 * in floating point, which turns "1,000 bad of 1,000,000 at 99.9%" into 99.99999%
 * consumed instead of exhausted; here every comparison is done on integers.
 */

/** A non-negative rational number num/den with bigint parts. */
export interface Rational {
  num: bigint;
  den: bigint;
}

/**
 * The exact value of a decimal number as written (its shortest round-trip
 * spelling), e.g. 99.9 → 999/10, 0.1 → 1/10.
 */
export function decimal(value: number): Rational {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const text = String(value);
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match) throw new RangeError(`cannot read ${text} as a decimal`);
  const [, sign, whole, fraction = "", exponentText = "0"] = match;
  let num = BigInt(`${whole}${fraction}`);
  let den = 10n ** BigInt(fraction.length);
  const exponent = Number(exponentText);
  if (exponent > 0) num *= 10n ** BigInt(exponent);
  else if (exponent < 0) den *= 10n ** BigInt(-exponent);
  if (sign === "-") num = -num;
  return { num, den };
}

/** The SLO's error budget as a fraction of the whole: (100 − objective%) / 100. */
export function budgetFraction(objectivePercent: number): Rational {
  const objective = decimal(objectivePercent);
  return { num: objective.den * 100n - objective.num, den: objective.den * 100n };
}

/**
 * Compare bad / (total × budget) with limit (a rational ≥ 0): −1, 0 or 1.
 * `bad` and `total` are whole counts (requests or minutes).
 */
export function compareConsumed(bad: number, total: number, budget: Rational, limit: Rational): -1 | 0 | 1 {
  // bad / (total × b.num / b.den)  ?  l.num / l.den   ⇔   bad × b.den × l.den  ?  l.num × total × b.num
  const left = BigInt(bad) * budget.den * limit.den;
  const right = limit.num * BigInt(total) * budget.num;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The same ratio as a float, for display only (never for a verdict). */
export function consumedRatio(bad: number, total: number, budget: Rational): number {
  if (total === 0 || budget.num === 0n) return bad > 0 ? Infinity : 0;
  return (bad * Number(budget.den)) / (total * Number(budget.num));
}

export const ONE: Rational = { num: 1n, den: 1n };
export const HALF: Rational = { num: 1n, den: 2n };
