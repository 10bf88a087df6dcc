import { TZDate } from '@date-fns/tz';
import { addDays as fnsAddDays, addMonths as fnsAddMonths, differenceInCalendarDays, format } from 'date-fns';
import fc from 'fast-check';
import { addDays, addMonths, addWeeks, daysBetween, fromDay, isIsoDate, toDay } from './iso-date';
import { todayInLondon } from './today-in-london';

// date-fns in UTC is the oracle for our pure y/m/d arithmetic.
const utc = (iso: string) => new TZDate(`${iso}T00:00:00Z`, 'UTC');
const iso = (d: Date) => format(d, 'yyyy-MM-dd');
const anyDate = fc
  .date({ min: new Date('1901-01-01T00:00:00Z'), max: new Date('2199-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('iso dates', () => {
  it('round-trips day numbers', () => {
    expect(toDay('1970-01-01')).toBe(0);
    expect(toDay('2000-03-01')).toBe(11017);
    expect(fromDay(-1)).toBe('1969-12-31');
    fc.assert(fc.property(anyDate, (d) => fromDay(toDay(d)) === d));
  });

  it('validates calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2025-13-01')).toBe(false);
    expect(isIsoDate('2025-04-31')).toBe(false);
    expect(isIsoDate('2025-4-01')).toBe(false);
    expect(isIsoDate('2025-04-01T00:00')).toBe(false);
    expect(isIsoDate(20250401)).toBe(false);
  });

  it('adds months like date-fns, clamping to month ends', () => {
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2025-12-15', 1)).toBe('2026-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2025-03-31', -1)).toBe('2025-02-28');
    fc.assert(fc.property(anyDate, fc.integer({ min: -60, max: 60 }), (d, n) => addMonths(d, n) === iso(fnsAddMonths(utc(d), n))));
  });

  it('adds days and weeks like date-fns across year ends and leap days', () => {
    expect(addWeeks('2025-12-01', 6)).toBe('2026-01-12');
    expect(addWeeks('2024-01-18', 6)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    fc.assert(fc.property(anyDate, fc.integer({ min: -1000, max: 1000 }), (d, n) => addDays(d, n) === iso(fnsAddDays(utc(d), n))));
    fc.assert(fc.property(anyDate, anyDate, (a, b) => daysBetween(a, b) === differenceInCalendarDays(utc(b), utc(a))));
  });

  it('is not moved by the clock changes (last Sundays of March and October)', () => {
    // 2026-03-29 and 2026-10-25 are 23- and 25-hour days in London: still one calendar day each.
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addWeeks('2026-03-22', 1)).toBe('2026-03-29');
    expect(addWeeks('2026-10-18', 1)).toBe('2026-10-25');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addWeeks('2026-02-15', 6)).toBe('2026-03-29');
    expect(addWeeks('2026-09-13', 6)).toBe('2026-10-25');
  });
});

describe('todayInLondon', () => {
  it('gives the London calendar date around midnight in summer and winter time', () => {
    expect(todayInLondon(new Date('2026-03-28T23:30:00Z'))).toBe('2026-03-28'); // GMT
    expect(todayInLondon(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29'); // 01:30 BST after the change
    expect(todayInLondon(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01'); // 00:30 BST
    expect(todayInLondon(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25'); // 00:30 BST
    expect(todayInLondon(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25'); // 23:30 GMT
    expect(todayInLondon(new Date('2025-12-31T23:59:59Z'))).toBe('2025-12-31');
    expect(todayInLondon(new Date('2024-02-29T12:00:00Z'))).toBe('2024-02-29');
  });
});

describe('independence from the machine time zone', () => {
  const original = process.env.TZ;
  afterAll(() => {
    process.env.TZ = original;
  });

  it.each(['UTC', 'Europe/London', 'America/Sao_Paulo', 'Pacific/Chatham', 'Asia/Kolkata', 'America/Los_Angeles'])(
    'gives the same dates with TZ=%s',
    (zone) => {
      process.env.TZ = zone;
      expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
      expect(addWeeks('2026-03-22', 1)).toBe('2026-03-29');
      expect(addWeeks('2026-10-18', 1)).toBe('2026-10-25');
      expect(todayInLondon(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29');
      expect(todayInLondon(new Date('2026-10-24T23:30:00Z'))).toBe('2026-10-25');
      expect(todayInLondon(new Date('2026-10-25T23:30:00Z'))).toBe('2026-10-25');
    },
  );
});
