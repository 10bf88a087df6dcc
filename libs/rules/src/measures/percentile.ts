// PostgreSQL percentile_cont semantics: the value at fractional rank p * (n - 1) of the sorted
// values, interpolating linearly between the two neighbouring ranks.

export function percentileCont(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = p * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * How many of each whole value, {value: count}: days waited, days to a plan, completed weeks.
 * The reports' SQL returns one as a JSON object (keys are then strings); an accumulator builds one.
 * Small: bounded by the number of distinct values (a few thousand days), not the number of cases.
 */
export type Histogram = Readonly<Record<number, number>>;

/** Adds `n` of `value` to a histogram being built. */
export function tally(h: Record<number, number>, value: number, n = 1): void {
  h[value] = (h[value] ?? 0) + n;
}

const entries = (h: Histogram): [number, number][] => Object.entries(h).map(([k, n]) => [Number(k), n]);

/** How many values in all. */
export const histogramCount = (h: Histogram): number => entries(h).reduce((a, [, n]) => a + n, 0);

/** The sum of the values (an exact integer for whole values). */
export const histogramSum = (h: Histogram): number => entries(h).reduce((a, [k, n]) => a + k * n, 0);

/** How many values are `min` or more. */
export const countAtLeast = (h: Histogram, min: number): number => entries(h).reduce((a, [k, n]) => a + (k >= min ? n : 0), 0);

/** The histogram with each value mapped (e.g. days to completed weeks), counts merged. */
export function regroup(h: Histogram, map: (value: number) => number): Histogram {
  const out: Record<number, number> = {};
  for (const [k, n] of entries(h)) tally(out, map(k), n);
  return out;
}

/** percentile_cont over the values a histogram counts; null when it counts none. */
export function histogramPercentile(h: Histogram, p: number): number | null {
  const sorted = entries(h).filter(([, n]) => n > 0).sort((x, y) => x[0] - y[0]);
  const count = sorted.reduce((a, [, n]) => a + n, 0);
  if (count === 0) return null;
  const rank = p * (count - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  let seen = 0;
  let a = NaN;
  for (const [k, n] of sorted) {
    seen += n;
    if (Number.isNaN(a) && seen > lo) a = k;
    if (seen > hi) return a + (rank - lo) * (k - a);
  }
  return a; // not reached: the highest rank is count - 1
}

/** Whole-day values added one at a time (a streaming pass), read as a Histogram. */
export class DayHistogram {
  readonly counts: Record<number, number> = {};
  count = 0;
  sum = 0;

  add(days: number): void {
    tally(this.counts, days);
    this.count++;
    this.sum += days;
  }

  /** percentile_cont over the added values. */
  percentile(p: number): number | null {
    return histogramPercentile(this.counts, p);
  }
}
