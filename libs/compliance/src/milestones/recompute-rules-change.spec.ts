// A change of the rules reaches stored results: the recompute evaluates with the rules it is given
// and writes every case whose evaluation's fingerprint changed, and only those.
import type { EventReader, LoadedCase } from '@app/database';
import { parseRulesTable, type CaseEvent, type RulesTable } from '@app/rules';
import { RULES, readRulesJson } from '@app/rules/testing';
import type { StageDistributionsRepository } from '../forecasts/stage-distributions.repository';
import type { SnapshotsRepository } from '../snapshots/snapshots.repository';
import type { OpenCountsRepository } from '../reports/open-counts.repository';
import { StaffDirectory } from '../staff/staff-directory';
import type { StaffRepository } from '../staff/staff.repository';
import type { CaseOutcome } from './case-outcome';
import type { MilestonesRepository } from './milestones.repository';
import type { WaitingListCountsRepository } from '../reports/waiting-list-counts.repository';
import type { StoredMeasures } from '../snapshots/stored-measures';
import type { PassStateRepository } from './pass-state.repository';
import { RecomputeService } from './recompute.service';

const la = '805';
const caseRef = 'EHC-RC-1';
const at = (n: number, type: string, date: string, fields: object = {}) =>
  ({ eventId: `${caseRef}-${n}`, la, caseRef, childRef: 'C-RC-1', pathway: 'ehc_assessment', type, date, ...fields }) as CaseEvent;

// A 5-week closure with the head teacher asked in its window (reg 13(3)(a)): the late plan is exempt.
const loaded: LoadedCase = {
  la,
  caseRef,
  childRef: 'C-RC-1',
  pathway: 'ehc_assessment',
  eventCount: 5,
  events: [
    at(1, 'request_received', '2026-01-05'),
    at(2, 'decision_to_assess', '2026-02-10', { outcome: 'assess' }),
    at(3, 'advice_requested', '2026-03-25', { service: 'school' }),
    at(4, 'exception', '2026-03-30', { reason: 'school_closure', until: '2026-05-04' }),
    at(5, 'final_plan_issued', '2026-06-01'),
  ],
};

/** A recompute over the one case, with `stored` as the stored fingerprints; returns what it wrote. */
async function pass(rules: RulesTable, stored: Map<string, string>): Promise<CaseOutcome[]> {
  const written: CaseOutcome[] = [];
  const milestones = {
    fingerprints: async () => stored,
    write: async (_la: string, _asOf: string, outcomes: CaseOutcome[]) => {
      written.push(...outcomes);
      return { cases: outcomes.length, milestones: 0, alertsRaised: 0, alertsCleared: 0, days: [] };
    },
  };
  const service = new RecomputeService(
    { loadCases: async () => [loaded] } as unknown as EventReader,
    milestones as unknown as MilestonesRepository,
    { directory: async () => new StaffDirectory([]) } as unknown as StaffRepository,
    { write: async () => undefined } as unknown as SnapshotsRepository,
    { latest: async () => null, write: async () => undefined } as unknown as StageDistributionsRepository,
    rules,
    { refresh: async () => undefined } as unknown as OpenCountsRepository,
    { all: async () => new Map(), of: async () => null, recordWith: async () => undefined } as unknown as PassStateRepository,
    {} as unknown as StoredMeasures,
    { refresh: async () => undefined } as unknown as WaitingListCountsRepository,
  );
  await service.recomputeCases(la, [caseRef], '2026-06-10');
  return written;
}

describe('RecomputeService and a change of the rules', () => {
  it('rewrites a case whose exception no longer applies under the new rules, and leaves it alone otherwise', async () => {
    const [first] = await pass(RULES, new Map());
    expect(first.milestones.find((m) => m.milestone_key === 'final_plan')).toMatchObject({
      state: 'exempt',
      exception_reason: 'school_closure',
    });
    const stored = new Map([[caseRef, first.evaluation.fingerprint]]);

    // Same rules: nothing to write.
    expect(await pass(RULES, stored)).toEqual([]);

    // Closures must now last 6 weeks: the 5-week closure no longer applies, the plan is late.
    const json = readRulesJson();
    json.exceptions.closureMinWeeks.value = 6;
    const [again] = await pass(parseRulesTable(json), stored);
    expect(again.milestones.find((m) => m.milestone_key === 'final_plan')).toMatchObject({ state: 'missed', exception_reason: null });
    expect(again.evaluation.fingerprint).not.toBe(first.evaluation.fingerprint);
  });
});
