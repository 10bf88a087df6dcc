// The nightly pass's part in the EHC breach forecast, per LA: each open new assessment forecast from
// the LA's stored stage durations (last night's), and the evaluations that refresh them kept aside.
import {
  addDays,
  atRiskOn,
  buildStageDistributions,
  forecastAssessment,
  forecastInputs,
  isProblem,
  type BreachForecast,
  type CaseEvaluation,
  type ForecastInputs,
  type IsoDate,
  type RulesTable,
  type StageDistributions,
} from '@app/rules';
import type { FollowedCase } from '../milestones/milestone-row';

/**
 * The followed cases whose at_risk verdict as of `asOf`, from the LA's stored durations (null: none
 * yet, so no forecast), is not the one they were written with: the nightly pass by change evaluates
 * these again with its due cases. Nothing else of such a case turns with the durations or the day
 * alone (nextChangeOn lists the rest), so the others would be written as they are.
 */
export function verdictsTurned(
  cases: readonly FollowedCase[],
  asOf: IsoDate,
  stored: StageDistributions | null,
  rules: RulesTable,
): string[] {
  return cases.filter((c) => (stored !== null && atRiskOn(c, asOf, stored, rules)) !== c.atRisk).map((c) => c.caseRef);
}

/** Forecasts one LA's open assessments and collects what rebuilds its distributions as of asOf. */
export class LaBreachPass {
  private readonly kept: CaseEvaluation[] = [];
  private readonly from: IsoDate;

  constructor(
    private readonly asOf: IsoDate,
    private readonly stored: StageDistributions | null,
    private readonly rules: RulesTable,
  ) {
    this.from = addDays(asOf, 1 - 7 * rules.forecast.stageWindowWeeks);
  }

  /** The case's forecast when it is an open new assessment and the stored durations can carry one. */
  forecast(e: CaseEvaluation): BreachForecast | null {
    if (this.stored === null || e.pathway !== 'ehc_assessment' || e.status !== 'open' || e.reassessment) return null;
    const f = forecastAssessment(e, this.stored, this.rules);
    return isProblem(f) ? null : f;
  }

  /**
   * The forecast's inputs of a case whose at_risk alert can turn on any night, the durations being
   * rebuilt nightly: an open new assessment whose final plan is not yet past due (alertsFor raises
   * at_risk on no other). Null for any other case, and for one the forecast refuses whatever the
   * durations (forecastInputs).
   */
  followed(e: CaseEvaluation): ForecastInputs | null {
    if (e.pathway !== 'ehc_assessment' || e.status !== 'open' || e.reassessment) return null;
    const final = e.milestones.find((m) => m.kind === 'final_plan' && m.doneOn === null);
    if (final === undefined || e.asOf > final.dueOn) return null;
    const inputs = forecastInputs(e);
    return isProblem(inputs) ? null : inputs;
  }

  /** Keeps the EHC assessments the distributions read: requested or ended in the stage window (memory: the window's cases only). */
  add(e: CaseEvaluation): void {
    if (e.pathway !== 'ehc_assessment' || e.startedOn === null) return;
    if (e.startedOn >= this.from || (e.closedOn !== null && e.closedOn >= this.from)) this.kept.push(e);
  }

  distributions(): StageDistributions {
    return buildStageDistributions(this.kept, this.asOf, this.rules);
  }
}
