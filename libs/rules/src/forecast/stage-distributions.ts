// The LA's own recent stage durations: for every new assessment that ended in the last
// forecast.stageWindowWeeks, how long it stayed in each stage it passed through and how long it
// then took to end, and whether it ended with a plan. Rebuilt nightly from the evaluations.
import type { IsoDate } from '../contract';
import { addDays, daysBetween } from '../dates/iso-date';
import type { CaseEvaluation } from '../evaluate';
import type { RulesTable } from '../table';
import { EHC_STAGES, isForecastable, stagePath, type EhcStage } from './ehc-stages';

/** One ended assessment's pass through one stage. */
export interface StageSample {
  /** Days spent in the stage. */
  days: number;
  /** Days from leaving the stage to the case's end. */
  after: number;
  /** Ended with a final plan. */
  plan: boolean;
  /** An exception lifted its 20-week limit. */
  exempt: boolean;
}

export interface StageDistributions {
  asOf: IsoDate;
  /** Assessments that ended from this day to asOf. */
  from: IsoDate;
  endedCases: number;
  /** Requests received in the same window, a week: the rate new requests arrive. */
  requestsPerWeek: number;
  /** Each stage's samples, fewest days first. */
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
    endedCases++;
    const plan = e.outcome === 'plan_issued';
    const exempt = e.milestones.some((m) => m.kind === 'final_plan' && m.state === 'exempt');
    const path = stagePath(e);
    path.forEach((s, i) => {
      const left = i + 1 < path.length ? path[i + 1].on : e.closedOn!;
      byStage[s.stage].push({ days: daysBetween(s.on, left), after: daysBetween(left, e.closedOn!), plan, exempt });
    });
  }
  for (const s of EHC_STAGES) byStage[s].sort((a, b) => a.days - b.days);
  return { asOf, from, endedCases, requestsPerWeek: requests / weeks, byStage };
}

/**
 * The samples like a case that has been `elapsed` days in the stage: those that stayed longer;
 * when fewer than `min` did, the `min` that stayed longest (they then leave the stage tomorrow).
 */
export function similarSamples(samples: readonly StageSample[], elapsed: number, min: number): readonly StageSample[] {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid].days > elapsed) hi = mid;
    else lo = mid + 1;
  }
  return samples.length - lo >= min ? samples.slice(lo) : samples.slice(Math.max(0, samples.length - min));
}

/** The day a sample says the case ends: the stage ends no sooner than tomorrow, then the rest follows. */
export const sampleEndDay = (enteredDay: number, elapsed: number, s: StageSample): number =>
  enteredDay + Math.max(s.days, elapsed + 1) + s.after;
