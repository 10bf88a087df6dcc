// ISO 8601 weeks ('2026-W47': Monday to Sunday, week 1 holds the year's first Thursday) over
// Europe/London calendar dates. Day-number arithmetic as in @app/rules dates: no Date object, so
// neither the machine's time zone nor a clock change can move a week. The spec checks date-fns.
import { addDays, dayNumberOf, fromDay, isIsoDate, toDay, type IsoDate } from '@app/rules';

export interface IsoWeek {
  year: number;
  week: number;
}

const WEEK_SHAPE = /^(\d{4})-W(\d{2})$/;

/** Monday = 0 ... Sunday = 6 (day 0, 1970-01-01, was a Thursday). */
const weekdayOf = (day: number): number => (((day + 3) % 7) + 7) % 7;

/** The Monday that starts week 1 of an ISO week-year: the week holding 4 January. */
function firstMonday(year: number): number {
  const jan4 = dayNumberOf(year, 1, 4);
  return jan4 - weekdayOf(jan4);
}

/** The ISO week a calendar date falls in (2027-01-01 is in 2026-W53). */
export function isoWeekOf(date: IsoDate): IsoWeek {
  const day = toDay(date);
  const thursday = day - weekdayOf(day) + 3;
  const year = Number(fromDay(thursday).slice(0, 4));
  return { year, week: Math.floor((thursday - firstMonday(year)) / 7) + 1 };
}

/** 52, or 53 for years that start on a Thursday (and leap years that start on a Wednesday). */
export function weeksInIsoYear(year: number): number {
  return isoWeekOf(`${year}-12-28`).week;
}

export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** Parses '2026-W47'; null for anything else, including a week 53 the year does not have. */
export function parseIsoWeek(text: unknown): IsoWeek | null {
  const m = typeof text === 'string' ? WEEK_SHAPE.exec(text) : null;
  if (!m) return null;
  const year = Number(m[1]);
  const week = Number(m[2]);
  if (year < 1 || week < 1 || week > weeksInIsoYear(year)) return null;
  return { year, week };
}

export const isIsoWeek = (text: unknown): text is string => parseIsoWeek(text) !== null;

/** The Monday a week starts on. */
export function mondayOf(week: IsoWeek): IsoDate {
  return fromDay(firstMonday(week.year) + 7 * (week.week - 1));
}

/** The week a date falls in, as '2026-W47'. */
export function weekOfDate(date: IsoDate): string {
  if (!isIsoDate(date)) throw new Error(`not a calendar date: ${date}`);
  return formatIsoWeek(isoWeekOf(date));
}

/** Monday of a '2026-W47' week; throws on a malformed week. */
export function weekStart(week: string): IsoDate {
  const parsed = parseIsoWeek(week);
  if (!parsed) throw new Error(`not an ISO week (YYYY-Www): ${week}`);
  return mondayOf(parsed);
}

/** The week before, across year ends: 2027-W01 -> 2026-W53. */
export function previousWeek(week: string): string {
  return weekOfDate(addDays(weekStart(week), -7));
}
