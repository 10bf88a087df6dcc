import { RULES } from '@app/rules/testing';
import type { SnapshotRow } from '../snapshots/snapshot-measures';
import type { StoredTarget } from './target-record';
import { statusesFor } from './target-statuses';

const base = { la: '999', source: 'local', createdAt: '', updatedAt: '', interpolation: 'linear', deadline: '2027-03-31' } as const;
const target = (id: number, t: Partial<StoredTarget>): StoredTarget =>
  ({ ...base, id, name: `t-${id}`, trajectory: [], ...t }) as StoredTarget;

// 2026-09-30 -> 2026-12-31 is 92 days; 2026-11-15 is 46 days in, so halfway between the points.
const sltPct = target(1, {
  pathway: 'slt',
  measure: 'waiting_within_target_pct',
  threshold: 92,
  comparator: 'gte',
  trajectory: [
    { date: '2026-09-30', value: 75 },
    { date: '2026-12-31', value: 84 },
  ],
});
const sltOver = target(2, { pathway: 'slt', measure: 'waiting_over_max_count', threshold: 0, comparator: 'lte' });
const ehc = target(3, { pathway: 'ehc_assessment', measure: 'final_within_20_weeks_ex_pct', threshold: 100, comparator: 'gte' });

const row = (pathway: SnapshotRow['pathway'], needCode: string, measures: object): SnapshotRow =>
  ({ la: '999', snapshotOn: '2026-11-15', pathway, needCode, measures }) as SnapshotRow;
const slt = (pct: number, overMax: number, needCode = 'all') =>
  row('slt', needCode, { waitingList: { withinTarget: { percent: pct }, overMax } });

describe('statusesFor', () => {
  it('judges the actual against the trajectory point of the day, with 5% of it as amber', () => {
    // expected 79.5; amber down to 79.5 - 3.975 = 75.525
    const at = (pct: number) => statusesFor([sltPct], [slt(pct, 0)], '2026-11-15', RULES)[0];
    expect(at(79.5)).toEqual({ targetId: 1, expected: 79.5, actual: 79.5, status: 'green' });
    expect(at(76).status).toBe('amber');
    expect(at(75.5).status).toBe('red');
  });

  it('reads the LA-wide row only, and leaves a target with no figure unjudged', () => {
    const rows = [slt(50, 9, 'SLCN'), slt(90, 2)];
    expect(statusesFor([sltPct, sltOver, ehc], rows, '2026-11-15', RULES)).toEqual([
      { targetId: 1, expected: 79.5, actual: 90, status: 'green' },
      { targetId: 2, expected: 0, actual: 2, status: 'red' },
      { targetId: 3, expected: 100, actual: null, status: null },
    ]);
  });

  it('runs a target without points of its own from the figure measured when it was set', () => {
    // Set on 2026-09-30 with 12 over 52 weeks: 46 of the 182 days to 31 March gone, 12 * 136/182 expected.
    const starts = new Map([[2, { date: '2026-09-30', value: 12 }]]);
    const [s] = statusesFor([sltOver], [slt(90, 8)], '2026-11-15', RULES, starts);
    expect(s.expected).toBeCloseTo((12 * 136) / 182, 10);
    expect(s.status).toBe('green');
    expect(statusesFor([sltOver], [slt(90, 9)], '2026-11-15', RULES)[0].status).toBe('red');
  });
});
