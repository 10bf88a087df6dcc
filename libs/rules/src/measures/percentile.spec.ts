import fc from 'fast-check';
import { DayHistogram, histogramPercentile, percentileCont, regroup, SortedCounts, tally } from './percentile';

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
      fc.property(
        fc.array(fc.integer({ min: 0, max: 800 }), { maxLength: 200 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p) => {
          const h = new DayHistogram();
          values.forEach((v) => h.add(v));
          const sorted = [...values].sort((a, b) => a - b);
          const expected = percentileCont(sorted, p);
          if (expected === null) expect(h.percentile(p)).toBeNull();
          else expect(h.percentile(p)).toBeCloseTo(expected, 9);
          expect(h.count).toBe(values.length);
          expect(h.sum).toBe(values.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });

  it('reads a histogram as SQL returns it: string keys in any order, zero counts ignored', () => {
    // days 2, 10, 10, 10 (and none of 5)
    const h = JSON.parse('{"10": 3, "5": 0, "2": 1}');
    expect(histogramPercentile(h, 0.5)).toBe(10); // rank 1.5, between two 10s
    expect(histogramPercentile(h, 0.25)).toBe(8); // rank 0.75: 2 + 0.75 * (10 - 2)
    expect(histogramPercentile(h, 0)).toBe(2);
    expect(histogramPercentile(h, 1)).toBe(10);
    expect(histogramPercentile({}, 0.5)).toBeNull();
    expect(histogramPercentile({ 7: 0 }, 0.5)).toBeNull();
    const s = new SortedCounts(h);
    expect([s.count, s.sum, s.atLeast(10), s.atLeast(11), s.atLeast(-1)]).toEqual([4, 32, 3, 0, 4]);
  });

  it('sorts keys that object order leaves unsorted (negative values come last)', () => {
    const s = new SortedCounts({ 3: 1, [-2]: 2, 1: 1 });
    expect([s.values, s.counts]).toEqual([
      [-2, 1, 3],
      [2, 1, 1],
    ]);
    expect(s.percentile(0.5)).toBe(-0.5); // ranks 1 and 2 of -2, -2, 1, 3
  });

  it('orders keys as numbers, not as text (9 before 10, 100)', () => {
    expect(histogramPercentile({ 100: 1, 9: 1, 10: 1 }, 0.5)).toBe(10);
  });

  it('gives the same percentile from a JSON round trip of the histogram as from the sorted list', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0.5, 0.92),
        (values, p) => {
          const h: Record<number, number> = {};
          values.forEach((v) => tally(h, v));
          expect(histogramPercentile(JSON.parse(JSON.stringify(h)), p)).toBe(
            percentileCont(
              [...values].sort((a, b) => a - b),
              p,
            ),
          );
        },
      ),
    );
  });

  it('regroups values, merging their counts', () => {
    expect(regroup({ 6: 2, 7: 1, 13: 4, 14: 1 }, (d) => Math.floor(d / 7))).toEqual({ 0: 2, 1: 5, 2: 1 });
  });
});
