import { isCalendarDate, REFERENCE_PATTERN } from './validators';

describe('isCalendarDate', () => {
  it.each([
    ['2024-02-29', true],
    ['2025-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['1990-01-01', true],
    ['1989-12-31', false],
    ['2026-1-05', false],
    [20260105, false],
    [null, false],
  ])('%p is a calendar date: %p', (value, expected) => {
    expect(isCalendarDate(value)).toBe(expected);
  });
});

describe('REFERENCE_PATTERN', () => {
  it('takes pseudonymous references and refuses a plain name', () => {
    expect(REFERENCE_PATTERN.test('EHC-2026-0001')).toBe(true);
    expect(REFERENCE_PATTERN.test('Smith')).toBe(false);
  });
});
