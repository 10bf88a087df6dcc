import { Clock, FixedClock } from './clock';

describe('Clock', () => {
  it('gives the Europe/London calendar date, which differs from UTC late on a summer evening', () => {
    // 23:30 UTC on 30 June is 00:30 BST on 1 July.
    expect(new FixedClock(new Date('2026-06-30T23:30:00Z')).todayInLondon()).toBe('2026-07-01');
    // In winter London is on UTC.
    expect(new FixedClock(new Date('2026-11-30T23:30:00Z')).todayInLondon()).toBe('2026-11-30');
  });

  it('reads the wall clock when not fixed', () => {
    const before = Date.now();
    const now = new Clock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now - before).toBeLessThan(5000);
  });
});
