import type { DataSource } from 'typeorm';
import type { RulesTable } from '@app/rules';
import type { PassStateRepository } from '../milestones/pass-state.repository';
import { EhcEvaluationsFromStore } from './ehc-evaluations-from-store';

describe('EhcEvaluationsFromStore.standingReads', () => {
  // Each read of the store answers with the date it was read since, so a served read shows its origin.
  function store() {
    const s = new EhcEvaluationsFromStore({} as DataSource, {} as PassStateRepository, {} as RulesTable);
    const calls: string[] = [];
    s.standing = async (_la: string, _asOf: string, since: string) => {
      calls.push(since);
      return new Map([[since, {} as never]]);
    };
    return { reads: s.standingReads('801', '2026-11-30'), calls };
  }

  it('serves a read since a later date from one since an earlier date (it holds every case of it)', async () => {
    const { reads, calls } = store();
    const year = await reads('2026-01-01');
    expect(await reads('2026-11-30')).toBe(year);
    expect(calls).toEqual(['2026-01-01']);
  });

  it('reads the store again for an earlier date than any read so far', async () => {
    const { reads, calls } = store();
    await reads('2026-11-30');
    const earlier = await reads('2026-01-01');
    expect([...earlier.keys()]).toEqual(['2026-01-01']);
    expect(calls).toEqual(['2026-11-30', '2026-01-01']);
  });
});
