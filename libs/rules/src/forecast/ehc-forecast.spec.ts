import type { CaseEvent, IsoDate } from '../contract';
import { addDays } from '../dates/iso-date';
import { evaluateCase, type CaseEvaluation } from '../evaluate';
import { numbersIn } from '../testing/forecast-lists';
import { RULES } from '../testing/rules-fixture';
import { forecastAssessment, rankByRisk, type BreachForecast } from './ehc-breach-forecast';
import { stagePath } from './ehc-stages';
import { projectYear20Weeks } from './ehc-year-projection';
import { isProblem } from './forecast-problem';
import { buildStageDistributions } from './stage-distributions';

const ASOF = '2026-06-30';

/** An assessment: request on `on`, then each step this many days after the request (null: not yet). */
function assessment(
  ref: string,
  on: IsoDate,
  days: { decision?: number; advice?: number; draft?: number; final?: number; exceptionAt?: number },
) {
  const events: CaseEvent[] = [];
  const add = (type: string, d: number, fields: object = {}) =>
    events.push({
      eventId: `${ref}-${events.length}`,
      la: '805',
      caseRef: ref,
      childRef: `C-${ref}`,
      pathway: 'ehc_assessment',
      type,
      date: addDays(on, d),
      ...fields,
    } as CaseEvent);
  add('request_received', 0);
  if (days.exceptionAt !== undefined) add('exception', days.exceptionAt, { reason: 'exceptional_personal_circumstances' });
  if (days.decision !== undefined) add('decision_to_assess', days.decision, { outcome: 'assess' });
  if (days.decision !== undefined) add('advice_requested', days.decision + 1, { service: 'ep' });
  if (days.advice !== undefined) add('advice_received', days.advice, { service: 'ep' });
  if (days.draft !== undefined) add('draft_plan_issued', days.draft);
  if (days.final !== undefined) add('final_plan_issued', days.final);
  return events;
}

/** 20 on time (final at 120 days) and 20 late (final at 170), ended in the last year. */
function ended(): CaseEvent[][] {
  return Array.from({ length: 40 }, (_, i) => {
    const late = i % 2 === 1;
    const on = addDays('2025-06-20', 5 * i);
    return assessment(
      `E${i}`,
      on,
      late ? { decision: 30, advice: 60, draft: 150, final: 170 } : { decision: 30, advice: 60, draft: 100, final: 120 },
    );
  });
}

const evaluate = (cases: CaseEvent[][], asOf = ASOF): CaseEvaluation[] => cases.map((c) => evaluateCase(c, asOf, RULES));

describe('EHC stages and their durations', () => {
  it('reads the stages a case passed through from its milestones', () => {
    const [e] = evaluate([assessment('A', '2026-01-05', { decision: 30, advice: 60, draft: 100 })]);
    expect(stagePath(e)).toEqual([
      { stage: 'awaiting_decision', on: '2026-01-05' },
      { stage: 'gathering_advice', on: '2026-02-04' },
      { stage: 'drafting', on: '2026-03-06' },
      { stage: 'draft_issued', on: '2026-04-15' },
    ]);
  });

  it('builds each stage from the assessments that ended in the window', () => {
    const d = buildStageDistributions(evaluate([...ended(), assessment('OLD', '2024-01-01', { decision: 10, final: 140 })]), ASOF, RULES);
    expect(d.endedCases).toBe(40);
    expect(d.byStage.awaiting_decision.map((s) => [s.enteredAge, s.leftAge])).toEqual(Array(40).fill([0, 30]));
    // Drafting from the advice (day 60) to the draft: day 100 on time, day 150 late; sorted by the day they left.
    expect(d.byStage.drafting.map((s) => s.leftAge)).toEqual([...Array(20).fill(100), ...Array(20).fill(150)]);
    expect(d.byStage.draft_issued[0]).toEqual({ enteredAge: 100, leftAge: 120, endAge: 120, plan: true, exempt: false, caseIndex: 0 });
    expect(d.byStage.drafting[39]).toMatchObject({ enteredAge: 60, leftAge: 150, endAge: 170 });
  });
});

describe('forecastAssessment', () => {
  const d = buildStageDistributions(evaluate(ended()), ASOF, RULES);

  it('gives a new request the even chance of its LA, and at risk from forecast.atRiskPercent', () => {
    const [e] = evaluate([assessment('N', '2026-06-25', {})]);
    const f = forecastAssessment(e, d, RULES) as BreachForecast;
    expect(f).toMatchObject({
      stage: 'awaiting_decision',
      missProbability: 0.5,
      planProbability: 1,
      atRisk: true,
      overdue: false,
      samples: 40,
    });
    expect(f.dueOn).toBe('2026-11-12');
    // Median of 120 and 170 days after 25 June 2026.
    expect(f.expectedFinalOn).toBe(addDays('2026-06-25', 145));
    expect(f.finalRange).toEqual({ from: addDays('2026-06-25', 120), to: addDays('2026-06-25', 170) });
  });

  it('learns from how long the case has already been in its stage', () => {
    // 50 days drafting: only the late ones drafted that long.
    const [slow] = evaluate([assessment('S', '2026-03-01', { decision: 30, advice: 60 })], addDays('2026-03-01', 110));
    const f = forecastAssessment(slow, d, RULES) as BreachForecast;
    expect(f).toMatchObject({ stage: 'drafting', missProbability: 1, atRisk: true, samples: 20 });
    // 20 days drafting: a fair chance still.
    const [quick] = evaluate([assessment('Q', '2026-03-01', { decision: 30, advice: 60 })], addDays('2026-03-01', 80));
    expect((forecastAssessment(quick, d, RULES) as BreachForecast).missProbability).toBe(0.5);
    expect(rankByRisk([forecastAssessment(quick, d, RULES), forecastAssessment(slow, d, RULES)]).map((x) => x.caseRef)).toEqual(['S', 'Q']);
  });

  it('says so when there is not enough data, and refuses a case that is not open', () => {
    const few = buildStageDistributions(evaluate(ended().slice(0, 5)), ASOF, RULES);
    const [e] = evaluate([assessment('N', '2026-06-25', {})]);
    expect(forecastAssessment(e, few, RULES)).toMatchObject({
      kind: 'not_enough_data',
      field: 'stageDurations',
      why: 'not enough data (5 ended assessments through awaiting decision, need 20)',
    });
    const [closed] = evaluate([ended()[0]]);
    expect(forecastAssessment(closed, d, RULES)).toMatchObject({ kind: 'invalid', field: 'case' });
  });
});

describe('projectYear20Weeks', () => {
  it('projects the calendar year from the plans so far, the open cases and the requests to come, with an interval', () => {
    const open = Array.from({ length: 30 }, (_, i) => assessment(`O${i}`, addDays('2026-04-01', 2 * i), { decision: 30 }));
    const exempt = assessment('X', '2026-05-01', { exceptionAt: 10 });
    const evaluations = evaluate([...ended(), ...open, exempt]);
    const d = buildStageDistributions(evaluations, ASOF, RULES);
    const y = projectYear20Weeks(evaluations, 2026, d, RULES);
    expect(isProblem(y)).toBe(false);
    // Ended cases with plans issued from 1 January 2026: on time 120 days after requests from 1 July 2025.
    expect(y.soFar.including.of).toBeGreaterThan(0);
    expect(y.openAssessments).toBe(31);
    expect(y.notForecast).toBe(0);
    for (const s of [y.including, y.excluding]) {
      expect(s.low!).toBeLessThanOrEqual(s.percent!);
      expect(s.percent!).toBeLessThanOrEqual(s.high!);
      // Half of similar cases are late: the year lands near half, surely between a quarter and three quarters.
      expect(s.percent!).toBeGreaterThan(25);
      expect(s.percent!).toBeLessThan(75);
    }
    expect(y.expectedPlans).toBeGreaterThan(y.soFar.including.of);
    expect(numbersIn(y).every(Number.isFinite)).toBe(true);
    // The same input gives the same answer (seeded).
    expect(projectYear20Weeks(evaluations, 2026, d, RULES)).toEqual(y);
  });
});
