import fc from 'fast-check';
import { RULES } from '../testing/rules-fixture';
import { queueLoad, reliefCapacity, targetCapacity, targetMeanWait, targetQueueSize, waitingListPressure } from './queueing';

describe('queueing formulas (NHSRwaitinglist)', () => {
  const f = RULES.forecast;

  it('reads its constants from the rules table', () => {
    expect(f).toMatchObject({ meanWaitDivisor: 4, capacityFactor: 4, defaultCv: 1, reliefTriggerMultiple: 2, windowWeeks: 26 });
    expect(RULES.sources['forecast.capacityFactor']).toMatch(/calc_target_capacity/);
  });

  it('target capacity: demand 30, target 52, factor 3, cv 1.1 and 1.2 -> 30.076442 (the reference worked value)', () => {
    expect(targetCapacity(30, 52, 3, 1.1, 1.2).toFixed(6)).toBe('30.076442');
    // The default factor and cvs: 30 + 1 x 4/52.
    expect(targetCapacity(30, 52, f.capacityFactor, f.defaultCv, f.defaultCv)).toBeCloseTo(30 + 4 / 52, 12);
  });

  it('relief capacity: demand 30, queue 1200, target queue 390, 26 weeks -> 61.15', () => {
    expect(reliefCapacity(30, 1200, 390, 26).toFixed(2)).toBe('61.15');
  });

  it('target queue size: 30 a week and a 52-week target -> 390; target mean wait 52 / 4 = 13', () => {
    expect(targetQueueSize(30, 52, f.meanWaitDivisor)).toBe(390);
    expect(targetMeanWait(52, f.meanWaitDivisor)).toBe(13);
  });

  it('queue load and pressure', () => {
    expect(queueLoad(30, 25)).toBeCloseTo(1.2, 12);
    expect(queueLoad(30, 0)).toBeNull();
    expect(waitingListPressure(13, 52)).toBe(0.5);
    expect(waitingListPressure(30, 18)).toBeCloseTo(3.3333, 4);
  });

  it('relief capacity falls as the weeks to reach the target grow (queue above its target)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 1, max: 200 }),
        (demand, queue, target, weeks, more) => {
          fc.pre(queue > target);
          expect(reliefCapacity(demand, queue, target, weeks + more)).toBeLessThan(reliefCapacity(demand, queue, target, weeks));
          expect(reliefCapacity(demand, queue, target, weeks)).toBeGreaterThan(demand);
        },
      ),
    );
  });
});
