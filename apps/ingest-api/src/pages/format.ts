// How values read on the pages. Dates are calendar dates (Europe/London); instants are shown as
// the Europe/London date and time.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const NONE = 'n/a';

const LONDON_DATE_TIME = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/** '2026-01-05' as '5 Jan 2026' (a calendar date: no time zone arithmetic). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}` : iso;
}

/** '2026-01' as 'Jan 2026'. */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  return m ? `${MONTHS[Number(m[2]) - 1]} ${m[1]}` : month;
}

const LONG_MONTH = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });

/** '2026-01' as 'January 2026' (a choice of month in a form). */
export function formatMonthLong(month: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  return m ? LONG_MONTH.format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1))) : month;
}

/** An instant as the Europe/London date and time: '25 Nov 2026, 09:40'. */
export function formatInstant(at: string | Date | null | undefined): string {
  if (!at) return NONE;
  return LONDON_DATE_TIME.format(new Date(at)).replace(' at ', ', ');
}

export const formatWeeks = (weeks: number | null | undefined): string =>
  weeks === null || weeks === undefined ? NONE : `${weeks.toFixed(1)} weeks`;

export const formatPercent = (pct: number | null | undefined): string => (pct === null || pct === undefined ? NONE : `${pct.toFixed(1)}%`);

/** Days since 1970-01-01 of a calendar date: the x values of date charts. */
export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso.slice(0, 10)}T00:00:00Z`) / 86400000);
}

/** Whole days from one calendar date to another. */
export const daysFrom = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** '3 days' / '1 day'. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** '2026-01-05' as '5 January 2026', for sentences (tables use formatDate's short months). */
export function formatDateLong(iso: string | null | undefined): string {
  if (!iso) return NONE;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return m ? `${Number(m[3])} ${LONG_MONTHS[Number(m[2]) - 1]} ${m[1]}` : iso;
}
