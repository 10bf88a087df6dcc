// The LA's own recent stage durations: for every new assessment that ended in the last
// forecast.stageWindowWeeks, how long it stayed in each stage it passed through and how long it
// then took to end, and whether it ended with a plan. Rebuilt nightly from the evaluations.
import type { IsoDate } from '../contract';
import { addDays, daysBetween } from '../dates/iso-date';
import type { CaseEvaluation } from '../evaluate';
import type { RulesTable } from '../table';
import { EHC_STAGES, isForecastable, stagePath, type EhcStage } from './ehc-stages';

/** One ended assessment's pass through one stage, in days from its request. */
export interface StageSample {
  /** Day of the assessment it entered and left the stage (left < entered never; equal for a same-day step). */
  enteredAge: number;
  leftAge: number;
  /** Day of the assessment it ended on. */
  endAge: number;
  /** Ended with a final plan. */
  plan: boolean;
  /** An exception lifted its 20-week limit. */
  exempt: boolean;
  /** Which ended assessment (0 to endedCases - 1): a simulation run can resample whole cases. */
  caseIndex: number;
}

export interface StageDistributions {
  asOf: IsoDate;
  /** Assessments that ended from this day to asOf. */
  from: IsoDate;
  endedCases: number;
  /** Requests received in the same window, a week: the rate new requests arrive. */
  requestsPerWeek: number;
  /** Each stage's samples, by the day they left it (earliest first). */
  byStage: Record<EhcStage, StageSample[]>;
}

/** Builds the distributions from evaluations of the LA's EHC assessments, all as of `asOf`. */
export function buildStageDistributions(evaluations: Iterable<CaseEvaluation>, asOf: IsoDate, rules: RulesTable): StageDistributions {
  const weeks = rules.forecast.stageWindowWeeks;
  const from = addDays(asOf, 1 - 7 * weeks);
  const byStage = Object.fromEntries(EHC_STAGES.map((s) => [s, [] as StageSample[]])) as Record<EhcStage, StageSample[]>;
  let endedCases = 0;
  let requests = 0;
  for (const e of evaluations) {
    if (!isForecastable(e)) continue;
    if (e.startedOn! >= from && e.startedOn! <= asOf) requests++;
    if (e.closedOn === null || e.closedOn < from || e.closedOn > asOf) continue;
    const caseIndex = endedCases++;
    const plan = e.outcome === 'plan_issued';
    const exempt = e.milestones.some((m) => m.kind === 'final_plan' && m.state === 'exempt');
    const path = stagePath(e);
    const age = (day: IsoDate) => daysBetween(e.startedOn!, day);
    path.forEach((s, i) => {
      const left = i + 1 < path.length ? path[i + 1].on : e.closedOn!;
      byStage[s.stage].push({ enteredAge: age(s.on), leftAge: age(left), endAge: age(e.closedOn!), plan, exempt, caseIndex });
    });
  }
  for (const s of EHC_STAGES) byStage[s].sort((a, b) => a.leftAge - b.leftAge);
  return { asOf, from, endedCases, requestsPerWeek: requests / weeks, byStage };
}

/**
 * similarSamples' answers, kept per stage (its samples) and day of the assessment: the open
 * assessments on the same day of the same stage share them. A large LA forecasts a thousand open
 * assessments, twice (each one's forecast, then the year's projection), on a few hundred such days.
 */
const similarKept = new WeakMap<readonly StageSample[], Map<string, readonly StageSample[]>>();

/**
 * The ended assessments like an open one in this stage on day `age` of its assessment (a landmark
 * comparison): those that were in the same stage on the same day of theirs. When fewer than `min`
 * were, those still in the stage after that day whenever they entered it; when fewer than `min`
 * of those, the `min` that left it latest (they are then taken to end no sooner than tomorrow).
 * The same array for the same samples, day and `min`: read it, never change it.
 */
export function similarSamples(samples: readonly StageSample[], age: number, min: number): readonly StageSample[] {
  let kept = similarKept.get(samples);
  if (!kept) similarKept.set(samples, (kept = new Map()));
  const key = `${age}:${min}`;
  let similar = kept.get(key);
  if (!similar) kept.set(key, (similar = findSimilar(samples, age, min)));
  return similar;
}

function findSimilar(samples: readonly StageSample[], age: number, min: number): readonly StageSample[] {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid].leftAge > age) hi = mid;
    else lo = mid + 1;
  }
  const stillIn = samples.slice(lo);
  const sameDay = stillIn.filter((s) => s.enteredAge <= age);
  if (sameDay.length >= min) return sameDay;
  return stillIn.length >= min ? stillIn : samples.slice(Math.max(0, samples.length - min));
}

/**
 * The days, from the request, on which the similar assessments that ended with a plan say one on
 * day `age` ends (sampleEndDay less the request's day), in order; kept per similar samples and day.
 */
const planEndsKept = new WeakMap<readonly StageSample[], Map<number, Float64Array>>();

export function planEndAges(similar: readonly StageSample[], age: number): Float64Array {
  let kept = planEndsKept.get(similar);
  if (!kept) planEndsKept.set(similar, (kept = new Map()));
  let ends = kept.get(age);
  if (!ends) {
    const all = new Float64Array(similar.length);
    let plans = 0;
    for (const s of similar) if (s.plan) all[plans++] = sampleEndDay(0, age, s);
    // A typed array, sorted natively: a comparator sort of a plain array was most of the nightly
    // forecasts' cost.
    kept.set(age, (ends = all.subarray(0, plans).sort()));
  }
  return ends;
}

/** The day number a sample says a case requested on `requestDay`, now on day `age`, ends. */
export const sampleEndDay = (requestDay: number, age: number, s: StageSample): number => requestDay + Math.max(s.endAge, age + 1);
