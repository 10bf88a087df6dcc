// Rounding as the DfE publishes: one decimal place, half away from zero, applied to the exact
// value (never to a binary float that is already a little under or over the half).

/** round(numerator / denominator, dp) exactly, half away from zero; integers in, via BigInt. */
export function roundDfe(numerator: number, denominator: number, dp = 1): number {
  if (!Number.isInteger(numerator) || !Number.isInteger(denominator) || denominator === 0) {
    throw new Error('roundDfe needs integer numerator and non-zero integer denominator');
  }
  const negative = numerator < 0 !== denominator < 0 && numerator !== 0;
  return roundRatio(BigInt(Math.abs(numerator)), BigInt(Math.abs(denominator)), dp, negative);
}

function roundRatio(numerator: bigint, denominator: bigint, dp: number, negative: boolean): number {
  const num = numerator * 10n ** BigInt(dp);
  let q = num / denominator;
  if (2n * (num % denominator) >= denominator) q += 1n; // half and above goes away from zero
  const value = Number(q) / 10 ** dp;
  return negative && value !== 0 ? -value : value;
}

/** Percentage to 1 dp as published, or null when there is nothing to divide by. */
export function percentDfe(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : roundDfe(100 * numerator, denominator, 1);
}

/**
 * Rounds a decimal value half away from zero as written (1.005 -> 1.01, 2.675 -> 2.68), using the
 * shortest decimal that round-trips to the float, not its binary expansion.
 */
export function roundHalfAwayFromZero(value: number, dp = 1): number {
  if (!Number.isFinite(value)) return value;
  const [digits, exp] = value.toExponential().split('e');
  const [int, frac = ''] = digits.replace('-', '').split('.');
  const mantissa = int + frac; // value = ±0.mantissa × 10^(e+1)
  const scale = frac.length - Number(exp); // value = ±mantissa / 10^scale
  if (scale <= dp) return value;
  return roundRatio(BigInt(mantissa), 10n ** BigInt(scale), dp, value < 0);
}
