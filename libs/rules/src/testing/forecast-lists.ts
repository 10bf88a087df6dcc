// Spec helpers: synthetic list histories (never imported by the library itself).
import type { IsoDate } from '../contract';
import { tally } from '../measures/percentile';
import { emptyWeeks, type ListHistory } from '../forecast/weekly-flows';

/** `weeks` weeks of flows ending on asOf, each week's counts from `week(i)`. */
export function historyOf(
  asOf: IsoDate,
  weeks: number,
  week: (i: number) => { added: number; removed: number },
  waitingDays: number[],
): ListHistory {
  const flows = emptyWeeks(asOf, weeks).map((w, i) => ({ ...w, ...week(i) }));
  const h: Record<number, number> = {};
  for (const d of waitingDays) tally(h, d);
  return { asOf, flows, waitingDays: h };
}

/** `n` people waiting, spread evenly from 0 to maxDays days. */
export const evenWaits = (n: number, maxDays: number): number[] => Array.from({ length: n }, (_, i) => Math.floor((i * maxDays) / n));

/** Every number in a value, however deep: to assert none is NaN or Infinity. */
export function numbersIn(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => numbersIn(x, out));
  else if (typeof v === 'object' && v !== null) Object.values(v).forEach((x) => numbersIn(x, out));
  return out;
}
