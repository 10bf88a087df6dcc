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
 * Counts of whole-day values: exact percentiles in one streaming pass with memory bounded by the
 * number of distinct values (a few thousand days), not the number of cases.
 */
export class DayHistogram {
  private readonly counts = new Map<number, number>();
  count = 0;
  sum = 0;

  add(days: number): void {
    this.counts.set(days, (this.counts.get(days) ?? 0) + 1);
    this.count++;
    this.sum += days;
  }

  /** percentile_cont over the added values. */
  percentile(p: number): number | null {
    if (this.count === 0) return null;
    const rank = p * (this.count - 1);
    const lo = Math.floor(rank);
    const hi = Math.ceil(rank);
    const [a, b] = this.valuesAt(lo, hi);
    return a + (rank - lo) * (b - a);
  }

  private valuesAt(lo: number, hi: number): [number, number] {
    const keys = [...this.counts.keys()].sort((x, y) => x - y);
    let seen = 0;
    let a = NaN;
    for (const k of keys) {
      seen += this.counts.get(k)!;
      if (Number.isNaN(a) && seen > lo) a = k;
      if (seen > hi) return [a, k];
    }
    return [a, keys[keys.length - 1]];
  }
}
