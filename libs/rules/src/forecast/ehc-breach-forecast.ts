// For one open EHC needs assessment: the chance its final plan comes after the 20-week limit
// (reg 13(2)) and when it is likely to come, from the LA's own recent stage durations: the ended
// assessments that were in the same stage on the same day of their assessment, followed to their end.
import type { IsoDate } from '../contract';
import { daysBetween, fromDay, toDay } from '../dates/iso-date';
import type { CaseEvaluation } from '../evaluate';
import { percentileCont } from '../measures/percentile';
import type { RulesTable } from '../table';
import { isForecastable, stagePath, type EhcStage } from './ehc-stages';
import { invalid, notEnoughData, type ForecastProblem } from './forecast-problem';
import { sampleEndDay, similarSamples, type StageDistributions } from './stage-distributions';

export interface BreachForecast {
  la: string;
  caseRef: string;
  requestOn: IsoDate;
  /** The 20-week day of the final plan. */
  dueOn: IsoDate;
  stage: EhcStage;
  stageSince: IsoDate;
  /** Chance (0 to 1) of a final plan after dueOn, and of a final plan at all. */
  missProbability: number;
  planProbability: number;
  /** Not yet past dueOn and missProbability at or above forecast.atRiskPercent. */
  atRisk: boolean;
  /** Already past dueOn without a plan. */
  overdue: boolean;
  /** An exception lifted the 20-week limit: still shown, left out of "excluding exceptions". */
  exempt: boolean;
  /** Median final plan date of the similar cases that ended with a plan, and the middle forecast.bandPercent of them. */
  expectedFinalOn: IsoDate | null;
  finalRange: { from: IsoDate; to: IsoDate } | null;
  /** How many ended assessments the forecast rests on. */
  samples: number;
}

/** Forecasts one open new assessment; evaluation and distributions as of the same day. */
export function forecastAssessment(e: CaseEvaluation, d: StageDistributions, rules: RulesTable): BreachForecast | ForecastProblem {
  if (!isForecastable(e) || e.status !== 'open') return invalid('case', `${e.caseRef} is not an open new EHC needs assessment`);
  const final = e.milestones.find((m) => m.kind === 'final_plan');
  if (!final) return invalid('case', `${e.caseRef} has no final plan due`);
  const path = stagePath(e);
  const { stage, on } = path[path.length - 1];
  const all = d.byStage[stage];
  const min = rules.forecast.minStageSample;
  if (all.length < min) return notEnoughData('stageDurations', all.length, min, `ended assessments through ${stage.replace(/_/g, ' ')}`);
  const age = daysBetween(e.startedOn!, e.asOf);
  const similar = similarSamples(all, age, min);
  const requested = toDay(e.startedOn!);
  const due = toDay(final.dueOn);
  let late = 0;
  // A typed array, sorted natively: the nightly pass forecasts every open assessment it evaluates,
  // from hundreds of samples each, and a comparator sort of a plain array was most of its cost.
  const ends = new Float64Array(similar.length);
  let plans = 0;
  for (const s of similar) {
    if (!s.plan) continue;
    const end = sampleEndDay(requested, age, s);
    ends[plans++] = end;
    if (end > due) late++;
  }
  const planDays = ends.subarray(0, plans).sort();
  const missProbability = late / similar.length;
  const overdue = e.asOf > final.dueOn;
  const tail = (1 - rules.forecast.bandPercent / 100) / 2;
  const at = (p: number) => fromDay(Math.round(percentileCont(planDays, p)!));
  return {
    la: e.la,
    caseRef: e.caseRef,
    requestOn: e.startedOn!,
    dueOn: final.dueOn,
    stage,
    stageSince: on,
    missProbability,
    planProbability: planDays.length / similar.length,
    atRisk: !overdue && missProbability * 100 >= rules.forecast.atRiskPercent,
    overdue,
    exempt: final.state === 'exempt',
    expectedFinalOn: planDays.length ? at(0.5) : null,
    finalRange: planDays.length ? { from: at(tail), to: at(1 - tail) } : null,
    samples: similar.length,
  };
}

/** The open assessments' forecasts, most at risk first (problems left out: see forecastAssessment). */
export function rankByRisk(forecasts: readonly (BreachForecast | ForecastProblem)[]): BreachForecast[] {
  return forecasts
    .filter((f): f is BreachForecast => 'missProbability' in f)
    .sort((a, b) => b.missProbability - a.missProbability || a.dueOn.localeCompare(b.dueOn) || a.caseRef.localeCompare(b.caseRef));
}
