// Bands of completed weeks from a list of lower bounds [0, 1, 2, 4, 12, 18, 52]:
// '0-1' holds 0 completed weeks, ..., '52+' holds 52 and over (NHS community waiting list bands).
import { regroup, type Histogram } from './percentile';

/** Whole weeks in a number of days: 6 days is 0 completed weeks, 7 days is 1. */
export const completedWeeks = (days: number): number => Math.floor(days / 7);

export function bandLabels(bounds: readonly number[]): string[] {
  return bounds.map((b, i) => (i + 1 < bounds.length ? `${b}-${bounds[i + 1]}` : `${b}+`));
}

export function bandIndex(bounds: readonly number[], completedWeeks: number): number {
  let i = bounds.length - 1;
  while (i > 0 && completedWeeks < bounds[i]) i--;
  return i;
}

/** A histogram of completed weeks {weeks: count} as counts per band, by label ('0-1': 4, ...). */
export function weekBands(bounds: readonly number[], weeks: Histogram): Record<string, number> {
  const byBand = regroup(weeks, (w) => bandIndex(bounds, w));
  return Object.fromEntries(bandLabels(bounds).map((l, i) => [l, byBand[i] ?? 0]));
}
