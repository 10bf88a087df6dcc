// PostgreSQL percentile_cont semantics: the value at fractional rank p * (n - 1) of the sorted
// values, interpolating linearly between the two neighbouring ranks.

export function percentileCont(sorted: ArrayLike<number>, p: number): number | null {
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

const countOf = (h: Histogram, key: string): number => (h as Readonly<Record<string, number>>)[key];

/** Adds `n` of `value` to a histogram being built. */
export function tally(h: Record<number, number>, value: number, n = 1): void {
  h[value] = (h[value] ?? 0) + n;
}

/** The histogram with each value mapped (e.g. days to completed weeks), counts merged. */
export function regroup(h: Histogram, map: (value: number) => number): Histogram {
  const out: Record<number, number> = {};
  for (const k of Object.keys(h)) tally(out, map(Number(k)), countOf(h, k));
  return out;
}

/** A histogram read once into ascending values and their counts, then asked several questions. */
export class SortedCounts {
  readonly values: number[];
  readonly counts: number[];
  /** How many values in all, and their sum (exact for whole values). */
  readonly count: number;
  readonly sum: number;

  constructor(h: Histogram) {
    let values: number[] = [];
    let counts: number[] = [];
    let sorted = true;
    let count = 0;
    let sum = 0;
    for (const k of Object.keys(h)) {
      const n = countOf(h, k);
      if (!(n > 0)) continue;
      const v = Number(k);
      if (values.length > 0 && v < values[values.length - 1]) sorted = false;
      values.push(v);
      counts.push(n);
      count += n;
      sum += v * n;
    }
    // Whole non-negative keys already come in ascending order (integer-like object keys do).
    if (!sorted) {
      const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
      [values, counts] = [order.map((i) => values[i]), order.map((i) => counts[i])];
    }
    this.values = values;
    this.counts = counts;
    this.count = count;
    this.sum = sum;
  }

  /** percentile_cont over the values; null when there are none. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = p * (this.count - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    let seen = 0;
    let a = NaN;
    for (let i = 0; i < this.values.length; i++) {
      seen += this.counts[i];
      if (Number.isNaN(a) && seen > lo) a = this.values[i];
      if (seen > hi) return a + (rank - lo) * (this.values[i] - a);
    }
    return a; // not reached for 0 <= p <= 1: the highest rank is count - 1
  }

  /** How many values are `min` or more. */
  atLeast(min: number): number {
    let n = 0;
    for (let i = this.values.length - 1; i >= 0 && this.values[i] >= min; i--) n += this.counts[i];
    return n;
  }
}

/** percentile_cont over the values a histogram counts; null when it counts none. */
export const histogramPercentile = (h: Histogram, p: number): number | null => new SortedCounts(h).percentile(p);

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
