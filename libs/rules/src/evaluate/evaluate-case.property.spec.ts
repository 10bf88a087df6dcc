import { addDays as fnsAddDays, addMonths as fnsAddMonths, differenceInCalendarDays, format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import type { CaseEvent, EhcAssessmentEvent } from '../contract';
import { asOfArbitrary, caseArbitrary, toEvent } from '../testing/case-arbitraries';
import { readRulesJson, RULES } from '../testing/rules-fixture';
import { parseRulesTable, type RulesTable } from '../table';
import { EXCEPTION_COVERS } from './ehc-exceptions';
import { evaluateCase, evaluateCases } from './evaluate-case';
import { effectiveTimeline } from './timeline';
import type { CaseEvaluation, Milestone } from './evaluation.types';

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 400) };

/** Shuffles with a generated permutation key list (fast-check shrinks it). */
const shuffled = (events: CaseEvent[], keys: number[]) =>
  events
    .map((e, i) => [keys[i % keys.length] ?? 0, i, e] as const)
    .sort((a, b) => a[0] - b[0] || b[1] - a[1])
    .map(([, , e]) => e);

describe('evaluateCase properties', () => {
  it('never depends on the order the events arrive in', () => {
    fc.assert(
      fc.property(caseArbitrary(), asOfArbitrary, fc.array(fc.integer(), { minLength: 1, maxLength: 30 }), (c, asOf, keys) => {
        const id = { la: '805', caseRef: c.caseRef, pathway: c.pathway };
        expect(evaluateCase(shuffled(c.events, keys), asOf, RULES)).toEqual(evaluateCase(c.events, asOf, RULES, id));
      }),
      RUNS,
    );
  });

  it("is not changed by another case's events or by a retract of an event it does not have", () => {
    fc.assert(
      fc.property(caseArbitrary('P-1'), caseArbitrary('P-2'), asOfArbitrary, fc.integer({ min: 0, max: 900 }), (own, other, asOf, o) => {
        const id = { la: '805', caseRef: own.caseRef, pathway: own.pathway };
        const alone = evaluateCase(own.events, asOf, RULES, id);
        // The other case's events, including a retract naming one of OUR event ids (wrong case).
        const foreignRetract = toEvent(other.pathway, other.caseRef, 99, {
          type: 'retract',
          offset: o,
          fields: { retractsEventId: own.events[0].eventId },
        });
        const strayRetract = toEvent(own.pathway, own.caseRef, 98, {
          type: 'retract',
          offset: o,
          fields: { retractsEventId: 'MIS-NOT-HERE' },
        });
        const mixed = [...other.events, foreignRetract, ...own.events, strayRetract];
        expect(evaluateCase(mixed, asOf, RULES, id)).toEqual(alone);
        const all = evaluateCases(mixed, asOf, RULES);
        expect(all.find((e) => e.caseRef === own.caseRef && e.pathway === own.pathway)).toEqual(alone);
      }),
      RUNS,
    );
  });

  it('never turns a met milestone into pending or overdue at a later as-of date', () => {
    fc.assert(
      fc.property(caseArbitrary(), asOfArbitrary, fc.integer({ min: 0, max: 800 }), (c, asOf, later) => {
        const id = { la: '805', caseRef: c.caseRef, pathway: c.pathway };
        const before = evaluateCase(c.events, asOf, RULES, id);
        const after = evaluateCase(c.events, fnsIso(fnsAddDays(utc(asOf), later)), RULES, id);
        for (const m of before.milestones.filter((x) => x.state === 'met')) {
          const again = after.milestones.find((x) => x.key === m.key);
          expect(again).toBeDefined();
          // Later events may still bring an exception (exempt) or a birth date that shortens the
          // review interval (missed); the step stays done on the same day.
          expect(['met', 'missed', 'exempt']).toContain(again!.state);
          expect(again!.doneOn).toBe(m.doneOn);
        }
      }),
      RUNS,
    );
  });

  it('derives every dueOn from the rules table (checked with date-fns), for the real and for random tables', () => {
    const table = fc.record({
      decisionWeeks: fc.integer({ min: 1, max: 12 }),
      finalPlanWeeks: fc.integer({ min: 16, max: 30 }),
      reassessmentDecisionDays: fc.integer({ min: 5, max: 40 }),
      intervalMonths: fc.integer({ min: 6, max: 14 }),
      underFiveIntervalMonths: fc.integer({ min: 3, max: 6 }),
      amendedPlanNoticeWeeks: fc.integer({ min: 4, max: 8 }),
      sltTargetWeeks: fc.integer({ min: 4, max: 30 }),
      schoolDeadline: fc.constantFrom('02-15', '01-31', '12-31'),
      supportReviewWeeks: fc.integer({ min: 4, max: 20 }),
      apReviewWeeks: fc.integer({ min: 2, max: 11 }),
    });
    fc.assert(
      fc.property(caseArbitrary(), asOfArbitrary, fc.option(table, { nil: undefined }), (c, asOf, custom) => {
        const rules = custom ? customRules(custom) : RULES;
        const result = evaluateCase(c.events, asOf, rules, { la: '805', caseRef: c.caseRef, pathway: c.pathway });
        for (const m of result.milestones) expect(m.dueOn).toBe(expectedDue(m, result, rules));
        // Under-5 reminders (local policy): the local interval from the cycle's own clock, shorter than
        // the statutory review of the same cycle, done by the same meeting.
        for (const x of result.localReminders) {
          const meeting = result.milestones.find((m) => m.key === `review_meeting.${x.cycle}`)!;
          expect(x.dueOn).toBe(fnsIso(fnsAddMonths(utc(x.clockFrom), rules.annualReview.underFiveIntervalMonths)));
          expect(x.clockFrom).toBe(meeting.clockFrom);
          expect(x.dueOn < meeting.dueOn).toBe(true);
          expect(x.doneOn).toBe(meeting.doneOn);
        }
      }),
      RUNS,
    );
  });

  it('is total: any generated timeline evaluates, and states follow their definitions', () => {
    fc.assert(
      fc.property(caseArbitrary(), asOfArbitrary, (c, asOf) => {
        const r = evaluateCase(c.events, asOf, RULES);
        expect(new Set(r.milestones.map((m) => m.key)).size).toBe(r.milestones.length);
        for (const m of r.milestones) {
          if (m.state === 'met') expect(m.doneOn! <= m.dueOn).toBe(true);
          if (m.state === 'missed') expect(m.doneOn! > m.dueOn).toBe(true);
          if (m.state === 'pending') expect(m.doneOn === null && asOf <= m.dueOn).toBe(true);
          if (m.state === 'overdue') expect(m.doneOn === null && asOf > m.dueOn).toBe(true);
          if (m.state === 'exempt') expect(m.exceptionReason).toBeDefined();
          if (m.doneOn !== null) expect(m.doneOn <= asOf).toBe(true);
        }
        if (r.status === 'closed') expect(r.milestones.every((m) => m.doneOn !== null)).toBe(true);
      }),
      RUNS,
    );
  });
});

describe('exceptions (SEND Regs 2014 reg 5(4), 8(2), 10(4), 13(3), 27(3))', () => {
  type Exception = Extract<EhcAssessmentEvent, { type: 'exception' }>;
  const ehcCases = caseArbitrary('P-1', ['ehc_assessment']);
  const days = (a: string, b: string) => differenceInCalendarDays(utc(b), utc(a));
  const standing = (c: { caseRef: string; events: CaseEvent[] }, asOf: string) =>
    effectiveTimeline(c.events, asOf, { la: '805', caseRef: c.caseRef, pathway: 'ehc_assessment' });

  it('lifts a step only as the regulations allow (checked independently with date-fns)', () => {
    const { closureLeadWeeks, closureMinWeeks, absentFromAreaMinWeeks } = RULES.exceptions;
    fc.assert(
      fc.property(ehcCases, asOfArbitrary, (c, asOf) => {
        const events = standing(c, asOf);
        const r = evaluateCase(c.events, asOf, RULES, { la: '805', caseRef: c.caseRef, pathway: c.pathway });
        for (const m of r.milestones.filter((x) => x.state === 'exempt')) {
          const e = events.find((x) => x.eventId === m.exceptionEventId) as Exception;
          expect(e.type).toBe('exception');
          expect(EXCEPTION_COVERS[e.reason]).toContain(m.kind);
          const runningTo = m.doneOn !== null && m.doneOn < m.dueOn ? m.doneOn : m.dueOn;
          if (e.reason === 'school_closure' || e.reason === 'early_years_closure') {
            expect(m.kind).not.toBe('advice');
            if (e.until) expect(days(e.date, e.until)).toBeGreaterThanOrEqual(7 * closureMinWeeks);
            // Educational advice asked between a week before the closure and a week before it reopened, while the step ran.
            const asked = events.filter(
              (x) =>
                x.type === 'advice_requested' &&
                x.service === 'school' &&
                days(e.date, x.date) >= -7 * closureLeadWeeks &&
                (!e.until || days(x.date, e.until) >= 7 * closureLeadWeeks) &&
                x.date >= m.clockFrom &&
                x.date <= runningTo,
            );
            expect(asked.length).toBeGreaterThan(0);
          } else if (e.reason === 'missed_appointment') {
            expect([m.kind, m.service]).toEqual(['advice', e.service]);
            expect(e.date >= m.clockFrom && e.date <= runningTo).toBe(true);
          } else if (e.reason === 'absent_from_area') {
            // 4 continuous weeks of the absence within the step's period, not merely overlapping it.
            const from = e.date > m.clockFrom ? e.date : m.clockFrom;
            const to = e.until && e.until < runningTo ? e.until : runningTo;
            expect(days(from, to)).toBeGreaterThanOrEqual(7 * absentFromAreaMinWeeks);
          }
          if (e.service !== undefined && e.reason !== 'school_closure' && e.reason !== 'early_years_closure') {
            expect(m.service).toBe(e.service);
          }
        }
      }),
      RUNS,
    );
  });

  it('lists as not applicable only standing exceptions that lift nothing: without them the milestones are the same', () => {
    fc.assert(
      fc.property(ehcCases, asOfArbitrary, (c, asOf) => {
        const id = { la: '805', caseRef: c.caseRef, pathway: c.pathway };
        const r = evaluateCase(c.events, asOf, RULES, id);
        const ids = r.ignoredExceptions.map((x) => x.eventId);
        expect(new Set(ids).size).toBe(ids.length);
        const exceptions = standing(c, asOf).filter((x) => x.type === 'exception') as Exception[];
        for (const x of r.ignoredExceptions) {
          const e = exceptions.find((y) => y.eventId === x.eventId)!;
          expect(x).toMatchObject({ reason: e.reason, date: e.date });
          expect(x.why.length).toBeGreaterThan(10);
        }
        for (const m of r.milestones) if (m.exceptionEventId) expect(ids).not.toContain(m.exceptionEventId);
        const without = evaluateCase(
          c.events.filter((e) => !ids.includes(e.eventId)),
          asOf,
          RULES,
          id,
        );
        expect(without.milestones).toEqual(r.milestones);
      }),
      RUNS,
    );
  });
});

const utc = (iso: string) => new TZDate(`${iso}T00:00:00Z`, 'UTC');
const fnsIso = (d: Date) => format(d, 'yyyy-MM-dd');

function customRules(t: Record<string, number | string>): RulesTable {
  const json = readRulesJson();
  const set = (path: string, value: unknown) => {
    const [s, k] = path.split('.');
    json[s][k].value = value;
  };
  set('ehc.decisionWeeks', t.decisionWeeks);
  set('ehc.finalPlanWeeks', t.finalPlanWeeks);
  set('ehc.reassessmentDecisionDays', t.reassessmentDecisionDays);
  set('annualReview.intervalMonths', t.intervalMonths);
  set('annualReview.underFiveIntervalMonths', t.underFiveIntervalMonths);
  set('annualReview.amendedPlanNoticeWeeks', t.amendedPlanNoticeWeeks);
  set('waits.sltTargetWeeks', t.sltTargetWeeks);
  set('phaseTransfer.schoolDeadline', t.schoolDeadline);
  set('senSupport.reviewIntervalWeeks', t.supportReviewWeeks);
  set('alternativeProvision.reviewWeeks', t.apReviewWeeks);
  return parseRulesTable(json);
}

/** The due date recomputed independently from the milestone's clock and the named rule. */
function expectedDue(m: Milestone, r: CaseEvaluation, rules: RulesTable): string {
  const [section, key] = m.rule.split('.') as [keyof RulesTable, string];
  const value = (rules[section] as Record<string, unknown>)[key];
  if (m.kind === 'phase_transfer') {
    // The clock opens 12 months before the move (reg 18(1): "within 12 months of a transfer").
    const moves = fnsAddMonths(utc(m.clockFrom), rules.phaseTransfer.lookbackMonths);
    if (key === 'post16MoveMonths') return fnsIso(fnsAddMonths(moves, -rules.phaseTransfer.post16MoveMonths)); // reg 18(2)
    // reg 18(1): before the deadline of the transfer year, so due the day before it.
    const md = value as { month: number; day: number };
    const year = Number(m.key.split('.')[1]);
    return fnsIso(fnsAddDays(utc(`${year}-${String(md.month).padStart(2, '0')}-${String(md.day).padStart(2, '0')}`), -1));
  }
  const n = value as number;
  let due: string;
  if (key.endsWith('Weeks')) due = fnsIso(fnsAddDays(utc(m.clockFrom), 7 * n));
  else if (key.endsWith('Days')) due = fnsIso(fnsAddDays(utc(m.clockFrom), n));
  else if (key.endsWith('Months')) due = fnsIso(fnsAddMonths(utc(m.clockFrom), n));
  else throw new Error(`no unit for ${m.rule}`);
  if (m.kind === 'amended_plan') {
    // Never later than meeting + cap weeks.
    const meeting = r.milestones.find((x) => x.key === `review_meeting.${m.cycle}`)!;
    const cap = fnsIso(fnsAddDays(utc(meeting.doneOn!), 7 * rules.annualReview.amendedPlanMeetingCapWeeks));
    expect(due <= cap).toBe(true);
  }
  return due;
}
