import fc from 'fast-check';
import { percentDfe, roundDfe, roundHalfAwayFromZero } from './round-dfe';

describe('roundDfe', () => {
  it.each([
    [1, 8, 2, 0.13], // 0.125 -> 0.13
    [1, 8, 1, 0.1], // 0.125 -> 0.1
    [1, 16, 1, 0.1], // 0.0625
    [5, 8, 1, 0.6], // 0.625 -> 0.6
    [25, 4, 1, 6.3], // 6.25 -> 6.3 (half away, not to even)
    [35, 4, 1, 8.8], // 8.75 -> 8.8
    [-25, 4, 1, -6.3],
    [25, -4, 1, -6.3],
    [1, 3, 1, 0.3],
    [2, 3, 1, 0.7],
    [0, 7, 1, 0],
    [1005, 1000, 2, 1.01], // 1.005 exactly -> 1.01 (a float would say 1.00)
    [2675, 1000, 2, 2.68],
    [1, 2, 0, 1],
    [-1, 2, 0, -1],
  ])('%i / %i to %i dp is %d', (n, d, dp, expected) => {
    expect(roundDfe(n, d, dp)).toBe(expected);
  });

  it('gives published percentages half away from zero on the exact ratio', () => {
    expect(percentDfe(1, 8)).toBe(12.5);
    expect(percentDfe(1, 16)).toBe(6.3); // 6.25
    expect(percentDfe(1, 32)).toBe(3.1); // 3.125
    expect(percentDfe(3, 32)).toBe(9.4); // 9.375
    expect(percentDfe(1, 160)).toBe(0.6); // 0.625
    expect(percentDfe(1, 1600)).toBe(0.1); // 0.0625
    expect(percentDfe(29895, 49519)).toBe(60.4); // DfE 2019 England, excluding exceptions
    expect(percentDfe(31313, 53327)).toBe(58.7); // DfE 2019 England, including exceptions
    expect(percentDfe(3, 0)).toBeNull();
    expect(percentDfe(0, 3)).toBe(0);
  });

  it('differs from Math.round on a float exactly where floats mislead', () => {
    expect(Math.round(1.005 * 100) / 100).toBe(1); // the float trap
    expect(roundHalfAwayFromZero(1.005, 2)).toBe(1.01);
    expect(roundHalfAwayFromZero(8.345, 2)).toBe(8.35);
    expect(roundHalfAwayFromZero(0.15, 1)).toBe(0.2);
    expect(roundHalfAwayFromZero(0.25, 1)).toBe(0.3);
    expect(roundHalfAwayFromZero(-0.25, 1)).toBe(-0.3);
    expect(roundHalfAwayFromZero(12.34, 1)).toBe(12.3);
    expect(roundHalfAwayFromZero(1e-7, 1)).toBe(0);
    expect(roundHalfAwayFromZero(123456.05, 1)).toBe(123456.1);
    expect(roundHalfAwayFromZero(42, 1)).toBe(42);
    expect(roundHalfAwayFromZero(0.1 + 0.2, 1)).toBe(0.3);
    expect(roundHalfAwayFromZero(-0.04, 1)).toBe(0); // no negative zero in a report
  });

  it('stays within half a unit of the exact ratio', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 1, max: 1e6 }), (n, d) => {
        const r = roundDfe(n, d, 1);
        expect(Math.abs(r - n / d)).toBeLessThanOrEqual(0.05 + 1e-9);
        expect(Math.round(r * 10)).toBeCloseTo(r * 10, 6);
      }),
    );
  });
});
