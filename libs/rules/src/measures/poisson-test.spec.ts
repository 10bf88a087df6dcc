import { poissonCdf, poissonTest } from './poisson-test';

describe('poissonTest', () => {
  it('sums the Poisson distribution exactly for small means', () => {
    expect(poissonCdf(0, 2)).toBeCloseTo(Math.exp(-2), 12);
    expect(poissonCdf(2, 2)).toBeCloseTo(Math.exp(-2) * (1 + 2 + 2), 12);
    expect(poissonCdf(-1, 2)).toBe(0);
  });

  it('flags a sharp rise and a sharp fall against a steady history, and not a steady term', () => {
    const history = [40, 42, 38, 41, 39, 40];
    expect(poissonTest(41, history, 1).direction).toBe('steady');
    expect(poissonTest(65, history, 1).direction).toBe('rise');
    expect(poissonTest(18, history, 1).direction).toBe('fall');
  });

  it('puts half the significance in each tail (two-sided)', () => {
    // Mean 10: P(X >= 19) = 0.0072 and P(X >= 20) = 0.0035; the upper tail is under 0.5% only from 20.
    expect(poissonTest(19, [10], 1).direction).toBe('steady');
    expect(poissonTest(20, [10], 1).direction).toBe('rise');
    expect(poissonTest(19, [10], 2).direction).toBe('rise');
  });

  it('reads pupils where there were none as a rise, and none after none as steady', () => {
    expect(poissonTest(3, [0, 0, 0], 1).direction).toBe('rise');
    expect(poissonTest(0, [0, 0, 0], 1).direction).toBe('steady');
  });
});
