import fc from 'fast-check';
import { DayHistogram, percentileCont } from './percentile';

describe('percentile_cont', () => {
  it('interpolates between ranks as PostgreSQL does', () => {
    // SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x) FROM (VALUES (1),(2),(3),(4)) v(x) -> 2.5
    expect(percentileCont([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentileCont([1, 2, 3], 0.5)).toBe(2);
    // 0.92 * 9 = 8.28: 9 + 0.28 * (10 - 9)
    expect(percentileCont([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.92)).toBeCloseTo(9.28, 10);
    expect(percentileCont([7], 0.92)).toBe(7);
    expect(percentileCont([], 0.5)).toBeNull();
    expect(percentileCont([0, 10], 0)).toBe(0);
    expect(percentileCont([0, 10], 1)).toBe(10);
  });

  it('gives the same answer from a histogram of days as from the sorted list', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 200 }), fc.double({ min: 0, max: 1, noNaN: true }), (values, p) => {
        const h = new DayHistogram();
        values.forEach((v) => h.add(v));
        const sorted = [...values].sort((a, b) => a - b);
        const expected = percentileCont(sorted, p);
        if (expected === null) expect(h.percentile(p)).toBeNull();
        else expect(h.percentile(p)).toBeCloseTo(expected, 9);
        expect(h.count).toBe(values.length);
        expect(h.sum).toBe(values.reduce((a, b) => a + b, 0));
      }),
    );
  });
});
