// Calendar dates as 'YYYY-MM-DD' strings and as day numbers (days since 1970-01-01).
// Pure y/m/d arithmetic: no Date object is involved, so neither the machine's time zone nor a
// clock change can move a date. The day-number conversions are Howard Hinnant's civil-calendar
// algorithms (proleptic Gregorian); the specs check them against date-fns.
import type { IsoDate } from '../contract';

const DAYS_PER_ERA = 146097;

/** Day number of a civil date (month 1-12). */
export function dayNumberOf(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * DAYS_PER_ERA + doe - 719468;
}

/** Parses 'YYYY-MM-DD' without validation (use isIsoDate at the edges). */
export function toDay(iso: IsoDate): number {
  const c = (i: number) => iso.charCodeAt(i) - 48;
  const year = c(0) * 1000 + c(1) * 100 + c(2) * 10 + c(3);
  return dayNumberOf(year, c(5) * 10 + c(6), c(8) * 10 + c(9));
}

function civilOf(dayNumber: number): [number, number, number] {
  const z = dayNumber + 719468;
  const era = Math.floor(z / DAYS_PER_ERA);
  const doe = z - era * DAYS_PER_ERA;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

const pad2 = (n: number) => (n < 10 ? '0' + n : '' + n);

export function formatCivil(year: number, month: number, day: number): IsoDate {
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

// Formatting is the costliest step of an evaluation; days 1900-2199 are formatted once each.
const CACHE_FROM = dayNumberOf(1900, 1, 1);
const CACHE_TO = dayNumberOf(2200, 1, 1);
const formatted: (IsoDate | undefined)[] = new Array(CACHE_TO - CACHE_FROM).fill(undefined);

export function fromDay(dayNumber: number): IsoDate {
  if (dayNumber >= CACHE_FROM && dayNumber < CACHE_TO) {
    return (formatted[dayNumber - CACHE_FROM] ??= formatUncached(dayNumber));
  }
  return formatUncached(dayNumber);
}

function formatUncached(dayNumber: number): IsoDate {
  const [y, m, d] = civilOf(dayNumber);
  return formatCivil(y, m, d);
}

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date in 'YYYY-MM-DD' form (rejects 2025-02-29, 2025-13-01). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_SHAPE.test(value)) return false;
  return fromDay(toDay(value)) === value;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function addDays(iso: IsoDate, days: number): IsoDate {
  return fromDay(toDay(iso) + days);
}

/** N weeks from D is D + 7N days (weeks are calendar weeks: docs/rules.md, "Dates and weeks"). */
export function addWeeks(iso: IsoDate, weeks: number): IsoDate {
  return fromDay(toDay(iso) + 7 * weeks);
}

/** Calendar months, clamped to the month's end: 2024-02-29 + 12 months = 2025-02-28 (as date-fns). */
export function addMonthsToDay(dayNumber: number, months: number): number {
  const [y, m, d] = civilOf(dayNumber);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return dayNumberOf(year, month, Math.min(d, daysInMonth(year, month)));
}

export function addMonths(iso: IsoDate, months: number): IsoDate {
  return fromDay(addMonthsToDay(toDay(iso), months));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDay(to) - toDay(from);
}

/** The date `years` after `iso` in years (a birthday on 29 Feb falls on 28 Feb in common years). */
export function addYears(iso: IsoDate, years: number): IsoDate {
  return addMonths(iso, 12 * years);
}

/** Year of an ISO date, read straight from the string. */
export function yearOf(iso: IsoDate): number {
  return Number(iso.slice(0, 4));
}
