// How a figure reads as text, shared by the HTML and the plain-text mail body.
import type { Figure, Fraction } from './weekly-figures';

const NONE = 'n/a';

export function formatValue(value: number | null, unit: Figure['unit'], of?: Fraction | null): string {
  if (value === null) return NONE;
  if (unit === 'percent') return of ? `${value.toFixed(1)}% (${of.count} of ${of.of})` : `${value.toFixed(1)}%`;
  if (unit === 'weeks') return `${value.toFixed(1)} weeks`;
  return String(value);
}

/** '+2.1 points (better)': the sign and the word, so the direction never rests on colour. */
export function formatChange(change: number | null, unit: Figure['unit'], better: Figure['better']): string {
  if (change === null) return NONE;
  const amount = unit === 'count' ? String(Math.abs(change)) : Math.abs(change).toFixed(1);
  const what = unit === 'percent' ? ' points' : unit === 'weeks' ? ' weeks' : '';
  if (change === 0) return 'no change';
  const sign = change > 0 ? '+' : '-';
  const verdict = better === null ? '' : change > 0 === (better === 'higher') ? ' (better)' : ' (worse)';
  return `${sign}${amount}${what}${verdict}`;
}

/** 'n/a' (kept in the CSV's shape) as a reader's words: "no figure". */
export const orNoFigure = (text: string): string => (text === NONE ? 'no figure' : text);

export const ragText = (status: string | null): string => (status === null ? 'No data' : status.charAt(0).toUpperCase() + status.slice(1));

export const formatNumber = (n: number | null): string => (n === null ? NONE : Number.isInteger(n) ? String(n) : n.toFixed(1));

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** '2026-11-30' as '30 November 2026' (a calendar date: no time zone arithmetic). */
export function longDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : iso;
}
