import { dayNumber, daysFrom, formatDate, formatInstant, formatMonth } from './format';

describe('how the pages write dates', () => {
  it('shows calendar dates as dates, with no time zone arithmetic', () => {
    expect(formatDate('2026-01-05')).toBe('5 Jan 2026');
    expect(formatDate('2026-03-29')).toBe('29 Mar 2026');
    expect(formatDate(null)).toBe('n/a');
    expect(formatMonth('2025-12')).toBe('Dec 2025');
  });

  it('shows instants in Europe/London, summer time included', () => {
    expect(formatInstant('2026-07-01T23:30:00Z')).toBe('2 Jul 2026, 00:30');
    expect(formatInstant('2026-12-01T23:30:00Z')).toBe('1 Dec 2026, 23:30');
  });

  it('counts whole days between calendar dates across the clock change', () => {
    expect(daysFrom('2026-03-28', '2026-03-30')).toBe(2);
    expect(dayNumber('1970-01-02')).toBe(1);
  });
});
