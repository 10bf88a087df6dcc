// Invariants of the forecasts over a synthetic area (testing/synthetic-cases: messy timelines with
// retracts, exceptions, withdrawals and out-of-order events), at several as-of days.
import type { CaseEvent, IsoDate } from '../contract';
import { addDays } from '../dates/iso-date';
import { evaluateCase, type CaseEvaluation } from '../evaluate';
import { numbersIn } from '../testing/forecast-lists';
import { RULES } from '../testing/rules-fixture';
import { syntheticCases } from '../testing/synthetic-cases';
import { atRiskOn, forecastAssessment, forecastInputs, rankByRisk } from './ehc-breach-forecast';
import { projectYear20Weeks } from './ehc-year-projection';
import { isProblem } from './forecast-problem';
import { projectList } from './projection';
import { queueMeasures } from './queue-measures';
import { buildStageDistributions } from './stage-distributions';
import { ListHistoryAccumulator } from './weekly-flows';

const cases: CaseEvent[][] = [...syntheticCases(3000, { seed: 14, asOf: '2026-06-01', las: ['805'] })];
const at = (asOf: IsoDate): CaseEvaluation[] => cases.map((c) => evaluateCase(c, asOf, RULES));

describe.each(['2025-06-30', '2026-02-28'])('forecasts as of %s', (asOf) => {
  const evaluations = at(asOf);

  it('gives every open assessment a probability, at risk only before its 20-week day', () => {
    const d = buildStageDistributions(evaluations, asOf, RULES);
    const forecasts = evaluations
      .filter((e) => e.pathway === 'ehc_assessment' && e.status === 'open')
      .map((e) => forecastAssessment(e, d, RULES));
    const ranked = rankByRisk(forecasts);
    expect(ranked.length).toBeGreaterThan(50);
    for (const f of ranked) {
      expect(f.missProbability).toBeGreaterThanOrEqual(0);
      expect(f.missProbability).toBeLessThanOrEqual(f.planProbability);
      expect(f.planProbability).toBeLessThanOrEqual(1);
      if (f.atRisk) expect(f.overdue).toBe(false);
      if (f.expectedFinalOn !== null) {
        expect(f.expectedFinalOn > asOf).toBe(true);
        expect(f.finalRange!.from <= f.expectedFinalOn && f.expectedFinalOn <= f.finalRange!.to).toBe(true);
      }
    }
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1].missProbability).toBeGreaterThanOrEqual(ranked[i].missProbability);
    const y = projectYear20Weeks(evaluations, Number(asOf.slice(0, 4)), d, RULES);
    expect(y.including.low! <= y.including.percent! && y.including.percent! <= y.including.high!).toBe(true);
    expect(numbersIn([ranked, y]).every(Number.isFinite)).toBe(true);
  });

  it("gives the at_risk verdict from the inputs kept with a case, on later days too, as the case's own forecast does", () => {
    const d = buildStageDistributions(evaluations, asOf, RULES);
    let verdicts = 0;
    let atRisk = 0;
    // Days on which the kept inputs still hold: the nightly pass asks them until the case's events change.
    for (const later of [asOf, addDays(asOf, 1), addDays(asOf, 9), addDays(asOf, 40)]) {
      for (const [i, e] of evaluations.entries()) {
        const kept = forecastInputs(e);
        if (isProblem(kept)) continue;
        const now = evaluateCase(cases[i], later, RULES);
        // An event dated in between moves the inputs: the pass then evaluates the case again (nextChangeOn).
        if (JSON.stringify(forecastInputs(now)) !== JSON.stringify(kept)) continue;
        const f = forecastAssessment(now, d, RULES);
        expect({ caseRef: e.caseRef, later, atRisk: atRiskOn(kept, later, d, RULES) }).toEqual({
          caseRef: e.caseRef,
          later,
          atRisk: !isProblem(f) && f.atRisk,
        });
        verdicts++;
        if (!isProblem(f) && f.atRisk) atRisk++;
      }
    }
    expect(verdicts).toBeGreaterThan(200);
    expect(atRisk).toBeGreaterThan(20);
    expect(atRisk).toBeLessThan(verdicts);
  });

  it.each(['slt', 'neurodevelopmental'] as const)('measures and projects the %s list without NaN or Infinity', (pathway) => {
    const acc = new ListHistoryAccumulator(pathway, asOf, RULES.forecast.windowWeeks);
    for (const e of evaluations) acc.add(e);
    const history = acc.result();
    const m = queueMeasures({ ...history, targetWeeks: 18, deadline: '2027-03-31' }, RULES);
    const p = projectList(
      {
        ...history,
        targetWeeks: 18,
        target: { measure: 'waiting_p92_weeks', threshold: 18, comparator: 'lte', deadline: '2027-03-31' },
        runs: 20,
      },
      RULES,
    );
    expect(isProblem(m) || isProblem(p)).toBe(false);
    expect(JSON.stringify([m, p])).not.toMatch(/NaN|Infinity/);
    expect(numbersIn([m, p]).every(Number.isFinite)).toBe(true);
  });
});
