import type { EventReader, LoadedCase } from '@app/database';
import { rulesVersion, type CaseEvent } from '@app/rules';
import { RULES } from '@app/rules/testing';
import type { StageDistributionsRepository } from '../forecasts/stage-distributions.repository';
import type { SnapshotsRepository } from '../snapshots/snapshots.repository';
import type { OpenCountsRepository } from '../reports/open-counts.repository';
import { StaffDirectory } from '../staff/staff-directory';
import type { StaffRepository } from '../staff/staff.repository';
import type { MilestonesRepository } from './milestones.repository';
import type { WaitingListCountsRepository } from '../reports/waiting-list-counts.repository';
import type { StoredMeasures } from '../snapshots/stored-measures';
import type { PassStateRepository } from './pass-state.repository';
import { RecomputeService } from './recompute.service';

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

function oneCase(caseRef: string, la = '805'): LoadedCase {
  const event = { eventId: `${caseRef}-1`, la, caseRef, childRef: `C-${caseRef}`, pathway: 'ehc_assessment', type: 'request_received' };
  return {
    la,
    caseRef,
    childRef: event.childRef,
    pathway: 'ehc_assessment',
    eventCount: 1,
    events: [{ ...event, date: '2026-01-05' } as CaseEvent],
  };
}

describe('RecomputeService.recomputeAll', () => {
  it('fails with the first error when PostgreSQL goes, leaving no prefetched read to fail unhandled', async () => {
    // The database goes away mid-pass: a chunk's write fails while the next chunk is being read,
    // and that read fails a moment later, after the pass has given up. Unhandled, its rejection
    // would end the worker's process (Jest fails the spec on it instead).
    const writeLost = new Error('Connection terminated unexpectedly');
    const reader = {
      laCodesWithCases: async () => ['805'],
      async *caseChunks() {
        yield [oneCase('EHC-1')];
        yield [oneCase('EHC-2')];
        await later(30);
        throw new Error('connect ECONNREFUSED');
      },
      eventTexts: async () => new Map<string, string>(),
      withEvents: (c: LoadedCase) => c,
    };
    const milestones = {
      fingerprints: async () => new Map<string, string>(),
      write: () => later(10).then(() => Promise.reject(writeLost)),
    };
    const service = new RecomputeService(
      reader as unknown as EventReader,
      milestones as unknown as MilestonesRepository,
      { directory: async () => new StaffDirectory([]) } as unknown as StaffRepository,
      { write: async () => undefined } as unknown as SnapshotsRepository,
      { latest: async () => null, write: async () => undefined } as unknown as StageDistributionsRepository,
      RULES,
      { refresh: async () => undefined } as unknown as OpenCountsRepository,
      { all: async () => new Map(), of: async () => null, recordWith: async () => undefined } as unknown as PassStateRepository,
      {} as unknown as StoredMeasures,
      { refresh: async () => undefined } as unknown as WaitingListCountsRepository,
    );
    await expect(service.recomputeAll('2026-02-01', { chunkSize: 1, writesInFlight: 1 })).rejects.toBe(writeLost);
    await later(50); // the prefetched read fails meanwhile
  });

  it("re-counts each LA's day counts on its own writes' days while an earlier LA's measures are still counted", async () => {
    // By change, several LAs' measures are counted side by side: the second LA's can start before
    // the first's are done, and before the writes' ordered callbacks behind them have run. The days
    // it re-counts must come from its own writes all the same.
    const las = ['805', '806', '807'];
    const touched: Record<string, string> = { '805': '2026-01-05', '806': '2026-01-06', '807': '2026-01-07' };
    const staff = new StaffDirectory([]);
    const refreshed = new Map<string, string[] | null>();
    const service = new RecomputeService(
      {
        laCodesWithCases: async () => las,
        loadCases: async (la: string, refs: string[]) => refs.map((r) => oneCase(r, la)),
      } as unknown as EventReader,
      {
        dueCases: async (la: string) => [`EHC-${la}`],
        followedCases: async () => [],
        fingerprints: async () => new Map<string, string>(),
        write: async (la: string) => ({ cases: 1, milestones: 1, alertsRaised: 0, alertsCleared: 0, days: [touched[la]] }),
      } as unknown as MilestonesRepository,
      { directory: async () => staff } as unknown as StaffRepository,
      { write: async () => undefined } as unknown as SnapshotsRepository,
      { latest: async () => null, write: async () => undefined } as unknown as StageDistributionsRepository,
      RULES,
      {
        refresh: async (la: string, _asOf: string, _within: number, days: string[] | null) => void refreshed.set(la, days),
      } as unknown as OpenCountsRepository,
      {
        all: async () =>
          new Map(
            las.map((la) => [
              la,
              { la, rulesVersion: rulesVersion(RULES), staffVersion: staff.version(), asOf: '2026-01-31', startedAt: new Date() },
            ]),
          ),
        // The LA's finishing writes run in the repository's transaction.
        recordWith: async (_state: unknown, work: (tx: unknown) => Promise<void>) => work({}),
      } as unknown as PassStateRepository,
      {
        // The first LA's measures take a while, as a large LA's do.
        of: async (la: string) => (la === '805' && (await later(50)), { rows: [], distributions: null }),
      } as unknown as StoredMeasures,
      { refresh: async () => undefined } as unknown as WaitingListCountsRepository,
    );
    const done = await service.recomputeAll('2026-02-01', { chunkSize: 10 });
    expect(done.lasByChange).toBe(3);
    expect(Object.fromEntries(refreshed)).toEqual({ '805': ['2026-01-05'], '806': ['2026-01-06'], '807': ['2026-01-07'] });
  });
});
