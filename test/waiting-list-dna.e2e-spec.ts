// The waiting-list report's SQL against libs/rules on waits built around the DNA rule (only a DNA at
// the first appointment restarts the RTT clock; later ones do not) and NICE QS51 (3 months from the
// referral, no restart): the waits casebook plus generated referrals with 0-3 DNAs, some retracted,
// ingested through the API, stored by the recompute pass, and reported as of many dates.
import { RULES_TABLE } from '@app/config';
import { RecomputeService, ReportsService, SnapshotsService, trailingYear } from '@app/compliance';
import { addDays, evaluateCase, measure, WaitingListAccumulator, type CaseEvent, type CaseEvaluation, type RulesTable } from '@app/rules';
import { eventsOf, WAIT_CASES } from '@app/rules/testing';
import { startApi, type TestApi } from './support/api-app';
import { createScratchDatabase, type ScratchDatabase } from './support/scratch-database';

const LA = '879';
const AS_OF = '2026-09-01';
const PATHWAYS = ['slt', 'neurodevelopmental'] as const;

let api: TestApi;
let reports: ReportsService;
let rules: RulesTable;
let scratch: ScratchDatabase | undefined;
const timelines: CaseEvent[][] = [];

/** A small deterministic generator (mulberry32): the same waits on every run. */
function prng(seed: number): (n: number) => number {
  let a = seed;
  return (n) => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** A referral, 0-3 DNAs, sometimes the first DNA retracted, and a stop (or none) before or after them. */
function generated(i: number, int: (n: number) => number): CaseEvent[] {
  const pathway = PATHWAYS[i % 2];
  const caseRef = `DNA-${String(i).padStart(4, '0')}`;
  const events: CaseEvent[] = [];
  const add = (type: string, date: string, extra: Record<string, unknown> = {}) => {
    const e = { eventId: `${caseRef}-E${events.length + 1}`, la: LA, caseRef, childRef: `C-${caseRef}`, pathway, type, date, ...extra };
    events.push(e as CaseEvent);
    return e.eventId;
  };
  const referral = addDays('2024-06-01', int(800));
  add('referral_received', referral);
  let day = referral;
  const dnas: string[] = [];
  for (let k = int(4); k > 0; k--) dnas.push(add('appointment_dna', (day = addDays(day, 7 + int(90)))));
  const stopOn = addDays(referral, 20 + int(400));
  const stop = int(10);
  if (stop < 6) add(pathway === 'slt' ? 'first_contact' : 'assessment_started', stopOn);
  else if (stop === 6) add('discharged', stopOn);
  else if (stop === 7) add('referral_closed', stopOn, { reason: 'moved_away' });
  if (dnas.length > 1 && int(4) === 0) add('retract', addDays(day, 1), { retractsEventId: dnas[0] });
  return events.filter((e) => e.date <= AS_OF);
}

const evaluateAll = (asOf: string): CaseEvaluation[] =>
  timelines.map((events) => evaluateCase(events, asOf, rules, { la: LA, caseRef: events[0].caseRef, pathway: events[0].pathway }));

beforeAll(async () => {
  scratch = await createScratchDatabase('waitdna');
  scratch.use();
  api = await startApi();
  reports = api.app.get(ReportsService);
  rules = api.app.get(RULES_TABLE);
  WAIT_CASES.forEach((c, i) => {
    const events = eventsOf(c, `WC-${String(i).padStart(3, '0')}`).map((e) => ({ ...e, la: LA }));
    if (events.some((e) => e.type === 'referral_received')) timelines.push(events);
  });
  const int = prng(18);
  for (let i = 0; i < 400; i++) timelines.push(generated(i, int));
  const res = await api.http().post('/v1/events').send(timelines.flat());
  expect([res.status, res.status === 200 ? null : JSON.stringify(res.body).slice(0, 600)]).toEqual([200, null]);
  await api.app.get(RecomputeService, { strict: false }).recomputeAll(AS_OF);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await scratch?.drop();
});

describe('waiting list: the SQL follows the first-appointment DNA rule and NICE QS51 as libs/rules does', () => {
  it('has waits with later DNAs that must not restart the clock, and QS51 outcomes of every kind', () => {
    const now = evaluateAll(AS_OF);
    const twoOrMore = now
      .filter((e) => e.wait && e.wait.restarts === 1)
      .filter((e) => {
        const events = timelines.find((t) => t[0].caseRef === e.caseRef)!;
        return (
          events.filter((x) => x.type === 'appointment_dna' && x.date > e.wait!.clockStartOn && x.date <= (e.wait!.stoppedOn ?? AS_OF))
            .length > 0
        );
      });
    expect(twoOrMore.filter((e) => e.wait!.open).length).toBeGreaterThan(5);
    const states = new Set(now.map((e) => e.wait?.qs51?.state).filter(Boolean));
    expect(states).toEqual(new Set(['within', 'not_within', 'pending', 'not_counted']));
  });

  it('agrees figure for figure (waiting, clock starts, QS51) as of dates before, between and after the DNAs', async () => {
    const dates = ['2024-09-15', '2025-01-31', '2025-06-30', '2025-11-03', '2026-02-03', '2026-02-04', AS_OF];
    for (const asOf of dates) {
      const mine = evaluateAll(asOf);
      for (const pathway of PATHWAYS) {
        const expected = measure(mine, new WaitingListAccumulator(pathway, rules, trailingYear(asOf)));
        const {
          las: _l,
          asOf: _a,
          over18Weeks: _o,
          over52Weeks: _p,
          targets: _t,
          longestWaiters,
          ...figures
        } = await reports.waitingList({
          las: [LA],
          pathway,
          asOf,
          longest: 500,
        });
        expect(figures).toEqual(expected);
        const open = mine.filter((e) => e.pathway === pathway && e.wait?.open);
        expect(longestWaiters).toHaveLength(open.length);
        const clock = new Map(open.map((e) => [e.caseRef, e.wait!.clockStartOn]));
        for (const l of longestWaiters) expect([l.caseRef, l.clockStartOn]).toEqual([l.caseRef, clock.get(l.caseRef)]);
        if (pathway === 'neurodevelopmental') expect(figures.qs51).toBeDefined();
        else expect(figures).not.toHaveProperty('qs51');
      }
    }
    const nd = await reports.waitingList({ las: [LA], pathway: 'neurodevelopmental', asOf: AS_OF });
    expect(nd.qs51!.of).toBeGreaterThan(20);
    expect(nd.qs51!.count).toBeGreaterThan(0);
    expect(nd.qs51!.count).toBeLessThan(nd.qs51!.of);
  });

  it('stores the QS51 measure in the nightly snapshot beside the RTT-style figures', async () => {
    const [snap] = await api.app.get(SnapshotsService).series(LA, 'neurodevelopmental', AS_OF, AS_OF);
    const report = await reports.waitingList({ las: [LA], pathway: 'neurodevelopmental', asOf: AS_OF });
    expect(snap.measures.waitingList!.qs51).toEqual(report.qs51);
    expect(snap.measures.waitingList!.withinTarget).toEqual(report.withinTarget);
  });
});
