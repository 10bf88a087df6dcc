// MilestonesRepository.write stores the same rows whichever way they travel: a full pass's chunk by
// COPY (straight into the tables when none of its cases was stored, else into temporary tables), a
// write by change as one JSON parameter. Values COPY must escape (tab, newline, backslash, in a text
// and in the summary's JSON) arrive as sent; a later write drops, changes and clears alike; a write
// that read fewer events than the stored one loses either way; a chunk read as new whose case another
// writer stored meanwhile is compared and replaced. A database of this file's own: the run's is shared
// with other files' workers, whose alert relay would take these alerts up too.
import { MilestonesRepository, type CaseOutcome } from '@app/compliance';
import { createDataSource } from '@app/database';
import type { DataSource } from 'typeorm';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const BY_COPY = 'Z81';
const BY_JSON = 'Z82';
const RACED_COPY = 'Z83';
const RACED_JSON = 'Z84';
const AS_OF = '2026-11-02';
const AWKWARD = 'asked for\ta delay\\ then\r\nmore';

let scratch: ScratchDatabase;
let db: DataSource;
let repo: MilestonesRepository;

/**
 * A case's rows as the nightly pass writes them; `version` 2 drops a step, moves one and raises
 * another alert. `isNew`: no evaluation of it was stored when it was read.
 */
function outcome(caseRef: string, version: 1 | 2, isNew: boolean, eventCount = 3 + version): CaseOutcome {
  const step = (key: string, kind: string, dueOn: string, doneOn: string | null, state: string, reason: string | null = null) => ({
    case_ref: caseRef,
    milestone_key: key,
    pathway: 'ehc_assessment',
    kind,
    service: kind === 'advice' ? 'slt' : null,
    cycle: null,
    clock_from: '2026-06-01',
    due_on: dueOn,
    done_on: doneOn,
    state,
    exception_reason: reason,
    assignee_ref: kind === 'advice' ? `slt\\${caseRef}` : `cw\\${caseRef}`,
    // Version 2 moves the case to another caseworker: every step is rewritten with them.
    caseworker_ref: version === 1 ? `cw\\${caseRef}` : `cw\t2${caseRef}`,
  });
  const milestones = [
    step('decision_to_assess', 'decision_to_assess', '2026-07-13', '2026-07-10', 'met'),
    step('advice:slt', 'advice', version === 1 ? '2026-08-24' : '2026-09-07', null, 'overdue', AWKWARD),
    ...(version === 1 ? [step('draft_plan', 'draft_plan', '2026-09-21', null, 'pending')] : []),
    step('final_plan', 'final_plan', '2026-10-19', null, 'overdue'),
  ];
  const alert = (key: string, kind: string) => ({
    case_ref: caseRef,
    milestone_key: key,
    kind,
    pathway: 'ehc_assessment',
    service: key === 'advice:slt' ? 'slt' : null,
    due_on: '2026-10-19',
    recipient_ref: `cw\t${caseRef}`,
    dedupe_key: `${caseRef}|${key}|${kind}|${version}`,
  });
  return {
    evaluation: {
      case_ref: caseRef,
      pathway: 'ehc_assessment',
      child_ref: `child-${caseRef}`,
      need_code: version === 1 ? 'SLCN' : 'ASD',
      status: 'open',
      outcome: null,
      started_on: '2026-06-01',
      closed_on: null,
      wait_clock_start: null,
      wait_stopped_on: null,
      wait_days: null,
      assignee_ref: `cw\\${caseRef}`,
      team: 'ehc',
      event_count: eventCount,
      changes_on: '2026-11-03',
      fingerprint: `fp${version}`,
      // Not a summary the rules write: a text with what JSON and COPY both escape.
      summary: { reassessment: false, note: `"quoted" ${AWKWARD}` } as never,
      // Followed by the forecast, then not: a boolean and the nulls that clear it.
      forecast_stage: version === 1 ? 'gathering_advice' : null,
      forecast_due: version === 1 ? '2026-10-19' : null,
      forecast_at_risk: version === 1 ? true : null,
    },
    milestones,
    alerts: version === 1 ? [alert('final_plan', 'overdue')] : [alert('advice:slt', 'overdue')],
    milestonesChanged: true,
    alertsChanged: true,
    isNew,
  };
}

const CASES = ['C-001', 'C-002', 'C-003'];

/** Everything stored of an LA but its code and the times rows were written. */
async function stored(la: string) {
  return {
    evaluations: await db.query(
      `SELECT case_ref, pathway, child_ref, need_code, status, outcome, started_on::text, closed_on::text, wait_clock_start::text,
         wait_stopped_on::text, wait_days, assignee_ref, team, event_count, changes_on::text, fingerprint, summary,
         forecast_stage, forecast_due::text, forecast_at_risk, as_of::text
       FROM case_evaluations WHERE la_code = $1 ORDER BY case_ref`,
      [la],
    ),
    milestones: await db.query(
      `SELECT case_ref, milestone_key, pathway, kind, service, cycle, clock_from::text, due_on::text, done_on::text, state,
         exception_reason, assignee_ref, caseworker_ref, as_of::text
       FROM case_milestones WHERE la_code = $1 ORDER BY case_ref, milestone_key`,
      [la],
    ),
    alerts: await db.query(
      `SELECT dedupe_key, case_ref, milestone_key, kind, pathway, service, due_on::text, raised_on::text, recipient_ref, resolution,
         resolved_at IS NOT NULL AS resolved, lapsed_at IS NOT NULL AS lapsed
       FROM alerts WHERE la_code = $1 ORDER BY dedupe_key`,
      [la],
    ),
  };
}

beforeAll(async () => {
  scratch = await createScratchDatabase('mswrites');
  db = await createDataSource(scratch.url).initialize();
  repo = new MilestonesRepository(db);
});

afterAll(async () => {
  await db.destroy();
  await scratch.drop();
});

/**
 * Writes the same cases as a chunk into `la` and by change into `twin`: the results and the stored
 * rows must be the same. Returns the chunk's result and what it stored.
 */
async function bothWays(la: string, twin: string, outcomes: () => CaseOutcome[]) {
  const byCopy = await repo.write(la, AS_OF, outcomes(), true);
  const byJson = await repo.write(twin, AS_OF, outcomes());
  expect({ ...byCopy, days: [] }).toEqual({ ...byJson, days: [] });
  const copied = await stored(la);
  expect(copied).toEqual(await stored(twin));
  return { byCopy, copied };
}

describe('MilestonesRepository.write: a chunk by COPY and a list by JSON store the same rows', () => {
  it('writes new cases alike, escaped values as sent', async () => {
    const { byCopy, copied } = await bothWays(BY_COPY, BY_JSON, () => CASES.map((c) => outcome(c, 1, true)));
    expect(byCopy).toMatchObject({ cases: 3, milestones: 12, alertsRaised: 3 });
    expect(copied.milestones.find((m: { kind: string }) => m.kind === 'advice').exception_reason).toBe(AWKWARD);
    expect(copied.evaluations[0].summary.note).toBe(`"quoted" ${AWKWARD}`);
    expect(copied.alerts[0].recipient_ref).toBe('cw\tC-001');
  });

  it('drops, changes and clears alike on a later write', async () => {
    const { byCopy, copied } = await bothWays(BY_COPY, BY_JSON, () => CASES.map((c) => outcome(c, 2, false)));
    // Each case's three steps left are rewritten: one moved, and all to the case's new caseworker (the
    // dropped one is not counted as written); one alert raised, one cleared.
    expect(byCopy).toMatchObject({ cases: 3, milestones: 9, alertsRaised: 3, alertsCleared: 3 });
    expect(new Set(copied.milestones.map((m: { caseworker_ref: string }) => m.caseworker_ref))).toEqual(
      new Set(CASES.map((c) => `cw\t2${c}`)),
    );
    expect(copied.milestones.filter((m: { kind: string }) => m.kind === 'draft_plan')).toEqual([]);
    const resolutions = copied.alerts.map((a: { resolution: string | null }) => a.resolution);
    expect(resolutions).toEqual([null, 'cleared', null, 'cleared', null, 'cleared']);
  });

  it('keeps the stored rows against a write that read fewer events, either way', async () => {
    const before = await stored(BY_COPY);
    const stale = CASES.map((c) => outcome(c, 1, false, 1));
    expect((await repo.write(BY_COPY, AS_OF, stale, true)).cases).toBe(0);
    expect((await repo.write(BY_JSON, AS_OF, stale)).cases).toBe(0);
    expect(await stored(BY_COPY)).toEqual(before);
    expect(await stored(BY_JSON)).toEqual(before);
  });

  it('compares and replaces a chunk read as new when another writer stored one of its cases meanwhile', async () => {
    // An ingest's recompute stores C-001 between the pass's read and its write.
    for (const la of [RACED_COPY, RACED_JSON]) await repo.write(la, AS_OF, [outcome('C-001', 1, true)]);
    const { byCopy, copied } = await bothWays(RACED_COPY, RACED_JSON, () => CASES.map((c) => outcome(c, 2, true)));
    expect(byCopy).toMatchObject({ cases: 3, alertsRaised: 3, alertsCleared: 1 });
    expect(copied.milestones.filter((m: { case_ref: string }) => m.case_ref === 'C-001')).toHaveLength(3);
  });
});
