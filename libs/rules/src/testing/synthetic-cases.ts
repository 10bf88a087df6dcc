// Deterministic synthetic case timelines for benchmarks and parity tests (seeded, no I/O).
// A plausible mix: EHC assessments with advice, exceptions and endings; annual reviews with
// amendments and phase transfers; SLT and ND waits with DNAs. Not statistics, just realistic load.
import type { CaseEvent, Pathway } from '../contract';
import { ADVICE_SERVICES, NEED_CODES } from '../contract/vocabulary';
import { fromDay, toDay } from '../dates/iso-date';

/** mulberry32: small, fast, good enough for load generation. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST_DAY = toDay('2023-01-01');
const DATES: string[] = Array.from({ length: 5 * 366 }, (_, i) => fromDay(FIRST_DAY + i));

export interface SyntheticOptions {
  seed?: number;
  /** Latest day an event may fall on (events are generated up to about here). */
  asOf?: string;
  las?: readonly string[];
  /** Number of the first case (S-<first>...), so that shards generate distinct cases. */
  first?: number;
}

/** Yields `count` cases, each as its own event list, one at a time (constant memory). */
export function* syntheticCases(count: number, opts: SyntheticOptions = {}): Generator<CaseEvent[]> {
  const rnd = seededRandom(opts.seed ?? 42);
  const las = opts.las ?? ['805', '806', '807', '808', '201'];
  const last = toDay(opts.asOf ?? '2026-06-01') - FIRST_DAY;
  const int = (n: number) => Math.floor(rnd() * n);
  const first = opts.first ?? 0;
  for (let i = first; i < first + count; i++) {
    const r = rnd();
    const pathway: Pathway = r < 0.4 ? 'ehc_assessment' : r < 0.75 ? 'annual_review' : r < 0.9 ? 'slt' : 'neurodevelopmental';
    const caseRef = `S-${i}`;
    const base = { la: las[int(las.length)], caseRef, childRef: `C-${i}`, pathway };
    const events: CaseEvent[] = [];
    let n = 0;
    const push = (type: string, day: number, fields?: object) => {
      if (day > last) return false;
      const event = { la: base.la, caseRef, childRef: base.childRef, pathway, eventId: `${caseRef}-${++n}`, type, date: DATES[day] };
      // Object.assign, not spread: spreading objects of varying shapes is very slow in V8.
      events.push((fields === undefined ? event : Object.assign(event, fields)) as CaseEvent);
      return true;
    };
    const start = int(last - 30);
    const need = NEED_CODES[int(NEED_CODES.length)];
    if (pathway === 'ehc_assessment') ehc(push, start, int, rnd, need);
    else if (pathway === 'annual_review') review(push, start, int, rnd, need);
    else wait(push, pathway, start, int, rnd, need);
    if (rnd() < 0.03 && events.length > 1) push('retract', start + 1, { retractsEventId: events[1 + int(events.length - 1)].eventId });
    yield rnd() < 0.5 ? events : events.reverse();
  }
}

type Push = (type: string, day: number, fields?: object) => boolean;

function ehc(push: Push, start: number, int: (n: number) => number, rnd: () => number, needCode: string) {
  push('request_received', start, rnd() < 0.05 ? { needCode, reassessment: true } : { needCode });
  if (rnd() < 0.1) {
    const on = start + int(100);
    if (rnd() < 0.5) push('exception', on, { reason: 'exceptional_personal_circumstances' });
    else {
      // A closure is an exception only with educational advice asked from a week before it (reg 13(3)(a)).
      push('advice_requested', Math.max(start, on - 3), { service: 'school' });
      push('exception', on, { reason: 'school_closure', until: DATES[start + 130] });
    }
  }
  const decided = start + 20 + int(40);
  if (!push('decision_to_assess', decided, { outcome: rnd() < 0.2 ? 'refuse' : 'assess' })) return;
  for (let k = 0, m = 2 + int(3); k < m; k++) {
    const service = ADVICE_SERVICES[int(ADVICE_SERVICES.length)];
    const asked = decided + int(7);
    push('advice_requested', asked, { service });
    push('advice_received', asked + 20 + int(40), { service });
  }
  if (rnd() < 0.05) push('withdrawn', decided + int(60));
  const decideIssue = start + 80 + int(60);
  if (rnd() < 0.1) return void push('decision_to_issue', decideIssue, { outcome: 'not_issue' });
  push('draft_plan_issued', decideIssue);
  push('final_plan_issued', decideIssue + 20 + int(60));
}

function review(push: Push, start: number, int: (n: number) => number, rnd: () => number, needCode: string) {
  const issued = Math.max(0, start - 400);
  const transfer = rnd() < 0.15 ? { phaseTransfer: { year: 2024 + int(3), kind: rnd() < 0.3 ? 'post16' : 'school' } } : {};
  push('plan_active', issued, {
    planIssuedOn: DATES[issued],
    needCode,
    ...transfer,
    ...(rnd() < 0.1 ? { birthDate: DATES[Math.max(0, issued - 900)] } : {}),
  });
  let meeting = issued;
  for (let k = 0; k < 3; k++) {
    meeting += 330 + int(70);
    if (!push('review_meeting_held', meeting)) return;
    push('review_report_received', meeting + 7 + int(14));
    const amend = rnd() < 0.4;
    push('review_decision', meeting + 14 + int(28), { outcome: amend ? 'amend' : 'maintain' });
    if (amend) {
      push('amendment_notice_issued', meeting + 20 + int(14));
      push('amended_plan_issued', meeting + 60 + int(50));
    }
  }
  if (rnd() < 0.03) push('plan_ceased', meeting + 60);
}

function wait(push: Push, pathway: Pathway, start: number, int: (n: number) => number, rnd: () => number, needCode: string) {
  push('referral_received', start, { needCode });
  let day = start;
  if (rnd() < 0.1) push('appointment_dna', (day += 30 + int(60)));
  const seen = day + 20 + int(pathway === 'slt' ? 250 : 500);
  if (rnd() < 0.05) push('discharged', seen);
  else push(pathway === 'slt' ? 'first_contact' : 'assessment_started', seen);
}
