// For one open EHC needs assessment: the chance its final plan comes after the 20-week limit
// (reg 13(2)) and when it is likely to come, from the LA's own recent stage durations: the ended
// assessments that were in the same stage on the same day of their assessment, followed to their end.
import type { IsoDate } from '../contract';
import { daysBetween, fromDay, toDay } from '../dates/iso-date';
import type { CaseEvaluation } from '../evaluate';
import { percentileCont } from '../measures/percentile';
import type { RulesTable } from '../table';
import { isForecastable, stagePath, type EhcStage } from './ehc-stages';
import { invalid, isProblem, notEnoughData, type ForecastProblem } from './forecast-problem';
import { planEndAges, similarSamples, type StageDistributions, type StageSample } from './stage-distributions';

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

/**
 * What an open new assessment's forecast rests on besides the day and the LA's durations: it stays
 * the same until the case's events change, so the nightly pass keeps it with the case and asks
 * each night whether the verdict turned (atRiskOn) without reading the case again (issue 16).
 */
export interface ForecastInputs {
  stage: EhcStage;
  stageSince: IsoDate;
  requestOn: IsoDate;
  /** The 20-week day of the final plan, and whether an exception lifted it. */
  dueOn: IsoDate;
  exempt: boolean;
}

/** The inputs of an open new assessment's forecast, or why it has none. */
export function forecastInputs(e: CaseEvaluation): ForecastInputs | ForecastProblem {
  if (!isForecastable(e) || e.status !== 'open') return invalid('case', `${e.caseRef} is not an open new EHC needs assessment`);
  const final = e.milestones.find((m) => m.kind === 'final_plan');
  if (!final) return invalid('case', `${e.caseRef} has no final plan due`);
  const path = stagePath(e);
  const { stage, on } = path[path.length - 1];
  return { stage, stageSince: on, requestOn: e.startedOn!, dueOn: final.dueOn, exempt: final.state === 'exempt' };
}

/** The ended assessments like this one on `asOf` (similarSamples), or a problem when its stage has too few. */
function samplesFor(f: Pick<ForecastInputs, 'stage' | 'requestOn'>, asOf: IsoDate, d: StageDistributions, rules: RulesTable) {
  const all = d.byStage[f.stage];
  const min = rules.forecast.minStageSample;
  if (all.length < min) return notEnoughData('stageDurations', all.length, min, `ended assessments through ${f.stage.replace(/_/g, ' ')}`);
  const age = daysBetween(f.requestOn, asOf);
  return { age, similar: similarSamples(all, age, min) };
}

/** The share of the similar assessments whose end, carried over to this one, comes after its due day. */
function missShare(f: Pick<ForecastInputs, 'requestOn' | 'dueOn'>, found: { age: number; similar: readonly StageSample[] }): number {
  // Their plan ends from the request, in order: the late ones are those after this one's limit.
  const ends = planEndAges(found.similar, found.age);
  const limit = toDay(f.dueOn) - toDay(f.requestOn);
  let lo = 0;
  let hi = ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ends[mid] > limit) hi = mid;
    else lo = mid + 1;
  }
  return (ends.length - lo) / found.similar.length;
}

/** At risk: not yet past its due day, and the chance of missing it at or above forecast.atRiskPercent. */
const atRiskOf = (missProbability: number, overdue: boolean, rules: RulesTable) =>
  !overdue && missProbability * 100 >= rules.forecast.atRiskPercent;

/**
 * forecastAssessment's `atRisk` on `asOf` from the inputs alone (false where it has no forecast):
 * the same samples and the same test, without the plan dates the verdict does not need.
 */
export function atRiskOn(
  f: Pick<ForecastInputs, 'stage' | 'requestOn' | 'dueOn'>,
  asOf: IsoDate,
  d: StageDistributions,
  rules: RulesTable,
): boolean {
  if (asOf > f.dueOn) return false;
  const found = samplesFor(f, asOf, d, rules);
  return !isProblem(found) && atRiskOf(missShare(f, found), false, rules);
}

/** Forecasts one open new assessment; evaluation and distributions as of the same day. */
export function forecastAssessment(e: CaseEvaluation, d: StageDistributions, rules: RulesTable): BreachForecast | ForecastProblem {
  const f = forecastInputs(e);
  if (isProblem(f)) return f;
  const found = samplesFor(f, e.asOf, d, rules);
  if (isProblem(found)) return found;
  const { age, similar } = found;
  const requested = toDay(f.requestOn);
  // The assessments alike share their ends from the request; this one's are those days from its own.
  const ends = planEndAges(similar, age);
  const planDays = new Float64Array(ends.length);
  for (let i = 0; i < ends.length; i++) planDays[i] = requested + ends[i];
  // The same share atRiskOn takes, so the verdict kept with a case is the one its forecast gives.
  const missProbability = missShare(f, found);
  const overdue = e.asOf > f.dueOn;
  const tail = (1 - rules.forecast.bandPercent / 100) / 2;
  const at = (p: number) => fromDay(Math.round(percentileCont(planDays, p)!));
  return {
    la: e.la,
    caseRef: e.caseRef,
    requestOn: f.requestOn,
    dueOn: f.dueOn,
    stage: f.stage,
    stageSince: f.stageSince,
    missProbability,
    planProbability: planDays.length / similar.length,
    atRisk: atRiskOf(missProbability, overdue, rules),
    overdue,
    exempt: f.exempt,
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
