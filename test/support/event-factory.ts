// Synthetic events for tests: pseudonymous references only, unique per test via a prefix.
import type { CaseEvent } from '@app/rules';

let counter = 0;

/** A prefix no other test (or test run against the same database) will use. */
export function uniquePrefix(label: string): string {
  counter += 1;
  return `${label}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A complete, on-time EHC assessment: request, decision, advice, draft, final plan (7 events). */
export function ehcAssessment(prefix: string, n: number, la = '805', start = '2026-01-05'): CaseEvent[] {
  const caseRef = `${prefix}-EHC-${n}`;
  const base = { la, caseRef, childRef: `C-${prefix}-${n}`, pathway: 'ehc_assessment' as const };
  const id = (k: number) => `${prefix}-${n}-${k}`;
  return [
    { ...base, eventId: id(1), type: 'request_received', date: start, needCode: 'SLCN' },
    { ...base, eventId: id(2), type: 'decision_to_assess', date: addDays(start, 35), outcome: 'assess' },
    { ...base, eventId: id(3), type: 'advice_requested', date: addDays(start, 36), service: 'slt' },
    { ...base, eventId: id(4), type: 'advice_received', date: addDays(start, 70), service: 'slt' },
    { ...base, eventId: id(5), type: 'decision_to_issue', date: addDays(start, 90), outcome: 'issue' },
    { ...base, eventId: id(6), type: 'draft_plan_issued', date: addDays(start, 100) },
    { ...base, eventId: id(7), type: 'final_plan_issued', date: addDays(start, 130) },
  ];
}

/** `count` events from as many assessments as needed. */
export function ehcBatch(prefix: string, count: number, la = '805'): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (let n = 0; events.length < count; n++) events.push(...ehcAssessment(prefix, n, la));
  return events.slice(0, count);
}
