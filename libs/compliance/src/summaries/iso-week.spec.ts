import { TZDate } from '@date-fns/tz';
import { getISOWeek, getISOWeekYear, getISOWeeksInYear, startOfISOWeek, format } from 'date-fns';
import fc from 'fast-check';
import { isIsoWeek, mondayOf, parseIsoWeek, previousWeek, weekOfDate, weekStart, weeksInIsoYear } from './iso-week';

// date-fns in UTC is the oracle for the day-number arithmetic.
const utc = (iso: string) => new TZDate(`${iso}T00:00:00Z`, 'UTC');
const anyDate = fc
  .date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('ISO weeks', () => {
  it('names the week of a date, across year ends', () => {
    expect(weekOfDate('2026-11-16')).toBe('2026-W47');
    expect(weekOfDate('2026-11-22')).toBe('2026-W47'); // Sunday
    expect(weekOfDate('2026-11-23')).toBe('2026-W48');
    expect(weekOfDate('2026-01-01')).toBe('2026-W01'); // a Thursday: week 1
    expect(weekOfDate('2026-12-31')).toBe('2026-W53');
    expect(weekOfDate('2027-01-03')).toBe('2026-W53'); // Sunday, still 2026's week 53
    expect(weekOfDate('2027-01-04')).toBe('2027-W01');
    expect(weekOfDate('2024-12-30')).toBe('2025-W01'); // Monday in December, week 1 of next year
    expect(weekOfDate('2021-01-03')).toBe('2020-W53');
  });

  it('gives the Monday of a week', () => {
    expect(weekStart('2026-W47')).toBe('2026-11-16');
    expect(weekStart('2026-W01')).toBe('2025-12-29');
    expect(weekStart('2026-W53')).toBe('2026-12-28');
    expect(weekStart('2027-W01')).toBe('2027-01-04');
    expect(weekStart('2025-W01')).toBe('2024-12-30');
  });

  it('steps back a week across year ends', () => {
    expect(previousWeek('2026-W47')).toBe('2026-W46');
    expect(previousWeek('2027-W01')).toBe('2026-W53');
    expect(previousWeek('2026-W01')).toBe('2025-W52');
  });

  it('refuses malformed weeks and week 53 of a 52-week year', () => {
    for (const bad of [
      '2026-47',
      '2026-W7',
      '2026-W00',
      '2026-W54',
      '2025-W53',
      '2027-W53',
      '26-W47',
      '2026-w47',
      ' 2026-W47',
      2026,
      null,
    ]) {
      expect(parseIsoWeek(bad)).toBeNull();
      expect(isIsoWeek(bad)).toBe(false);
    }
    expect(parseIsoWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeek('2020-W53')).toEqual({ year: 2020, week: 53 });
    expect(() => weekStart('2025-W53')).toThrow('not an ISO week');
  });

  it('agrees with date-fns on every date', () => {
    fc.assert(
      fc.property(anyDate, (d) => {
        const [year, week] = weekOfDate(d).split('-W').map(Number);
        return (
          year === getISOWeekYear(utc(d)) &&
          week === getISOWeek(utc(d)) &&
          weekStart(weekOfDate(d)) === format(startOfISOWeek(utc(d)), 'yyyy-MM-dd') &&
          weeksInIsoYear(year) === getISOWeeksInYear(utc(d))
        );
      }),
    );
  });

  it('round-trips weeks and Mondays', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1901, max: 2199 }), fc.integer({ min: 1, max: 53 }), (year, week) => {
        if (week > weeksInIsoYear(year)) return parseIsoWeek(`${year}-W${week}`) === null;
        const monday = mondayOf({ year, week });
        return weekOfDate(monday) === `${year}-W${String(week).padStart(2, '0')}`;
      }),
    );
  });
});
