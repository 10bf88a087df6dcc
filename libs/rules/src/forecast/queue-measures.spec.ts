import { evaluateCase } from '../evaluate';
import { RULES } from '../testing/rules-fixture';
import { flowStats } from './flow-stats';
import { isProblem } from './forecast-problem';
import { queueMeasures, type QueueMeasures } from './queue-measures';
import { evenWaits, historyOf, numbersIn } from '../testing/forecast-lists';
import { ListHistoryAccumulator, weeklyFlows } from './weekly-flows';
import type { CaseEvent } from '../contract';

const ASOF = '2026-11-29';

describe('weekly flows', () => {
  it('counts referrals and removals in 7-day weeks ending on asOf, dropping weeks before the first referral', () => {
    const flows = weeklyFlows(
      [
        { referredOn: '2026-11-01', stoppedOn: '2026-11-29' },
        { referredOn: '2026-11-23', stoppedOn: null },
        { referredOn: '2026-11-29', stoppedOn: null },
        { referredOn: '2026-12-01', stoppedOn: null },
      ],
      ASOF,
      26,
    );
    // First referral on Sunday 1 November: the week 26 Oct - 1 Nov began before it.
    expect(flows.map((f) => f.from)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23']);
    expect(flows[3]).toEqual({ from: '2026-11-23', to: '2026-11-29', added: 2, removed: 1 });
    expect(flows.reduce((a, f) => a + f.added, 0)).toBe(2);
  });

  it('builds the history from evaluations in one pass', () => {
    const ev = (caseRef: string, events: [string, string][]) =>
      evaluateCase(
        events.map(
          ([type, date], i) =>
            ({ eventId: `${caseRef}-${i}`, la: '805', caseRef, childRef: 'C-1', pathway: 'slt', type, date }) as CaseEvent,
        ),
        ASOF,
        RULES,
      );
    const acc = new ListHistoryAccumulator('slt', ASOF, 4);
    acc.add(ev('A', [['referral_received', '2026-10-01']]));
    acc.add(
      ev('B', [
        ['referral_received', '2026-11-10'],
        ['first_contact', '2026-11-20'],
      ]),
    );
    const h = acc.result();
    expect(h.flows).toHaveLength(4);
    expect(h.flows.map((f) => [f.added, f.removed])).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [0, 0],
    ]);
    expect(h.waitingDays).toEqual({ 59: 1 });
  });

  it('reads cv from the weekly counts: 0 for a steady flow, measured otherwise', () => {
    const steady = flowStats(historyOf(ASOF, 10, () => ({ added: 30, removed: 25 }), []).flows);
    expect(steady).toMatchObject({ demand: 30, capacity: 25, cvDemand: 0, cvCapacity: 0 });
    const lumpy = flowStats(historyOf(ASOF, 10, (i) => ({ added: i % 2 ? 40 : 20, removed: 0 }), []).flows);
    // Variance 1000/9 over mean 30.
    expect(lumpy.cvDemand).toBeCloseTo(Math.sqrt(1000 / 9 / 30), 12);
    expect(lumpy.cvCapacity).toBeNull();
  });
});

describe('queueMeasures', () => {
  it("gives NHSRwaitinglist's measures of a list over its target", () => {
    const h = historyOf(ASOF, 26, (i) => ({ added: 30, removed: i % 2 ? 24 : 26 }), evenWaits(1200, 365));
    const m = queueMeasures({ ...h, targetWeeks: 52, deadline: '2027-05-30' }, RULES) as QueueMeasures;
    expect(isProblem(m)).toBe(false);
    expect(m).toMatchObject({ demand: 30, capacity: 25, queueSize: 1200, targetQueueSize: 390, targetMeanWait: 13, queueTooBig: true });
    expect(m.queueLoad).toBeCloseTo(1.2, 12);
    expect(m.cvDemand).toBe(0);
    expect(m.cvCapacity).toBeCloseTo(Math.sqrt(26 / 25 / 25), 12);
    expect(m.targetCapacity).toBeCloseTo(30 + ((0 + 26 / 25 / 25) / 2) * (4 / 52), 12);
    expect(m.meanWaitWeeks).toBeCloseTo(evenWaits(1200, 365).reduce((a, b) => a + b, 0) / 1200 / 7, 12);
    expect(m.pressure).toBeCloseTo((2 * m.meanWaitWeeks!) / 52, 12);
    // 26 weeks from 29 November 2026: relief = 30 + (1200 - 390) / 26.
    expect(m.relief).toEqual({ deadline: '2027-05-30', weeksToDeadline: 26, capacity: 30 + 810 / 26, needed: true });
  });

  it('never answers NaN or Infinity: an empty list with nothing removed', () => {
    const m = queueMeasures({ ...historyOf(ASOF, 8, () => ({ added: 0, removed: 0 }), []), targetWeeks: 18 }, RULES) as QueueMeasures;
    expect(m).toMatchObject({ queueLoad: null, meanWaitWeeks: null, pressure: null, cvDemand: null, cvUsed: { demand: 1, capacity: 1 } });
    for (const n of numbersIn(m)) expect(Number.isFinite(n)).toBe(true);
    expect(JSON.stringify(m)).not.toMatch(/NaN|Infinity/);
  });

  it('refuses a window without enough weeks and a deadline in the past, naming the field', () => {
    const h = historyOf(ASOF, 3, () => ({ added: 5, removed: 5 }), [1, 2]);
    expect(queueMeasures({ ...h, targetWeeks: 18 }, RULES)).toEqual({
      kind: 'not_enough_data',
      field: 'window',
      have: 3,
      need: 8,
      unit: 'weeks',
      why: 'not enough data (3 weeks, need 8)',
    });
    expect(queueMeasures({ ...h, flows: [], targetWeeks: 18 }, RULES)).toMatchObject({ why: 'not enough data (0 weeks, need 8)' });
    const ok = historyOf(ASOF, 26, () => ({ added: 5, removed: 5 }), [1, 2]);
    expect(queueMeasures({ ...ok, targetWeeks: 18, deadline: ASOF }, RULES)).toMatchObject({ kind: 'invalid', field: 'target.deadline' });
    expect(queueMeasures({ ...ok, targetWeeks: 0 }, RULES)).toMatchObject({ kind: 'invalid', field: 'targetWeeks' });
  });
});
