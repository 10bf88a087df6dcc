// The LA's calendar-year 20-week figure (DfE: final plans issued in the year within 20 weeks of
// the request, including and excluding exceptions), projected from the plans issued so far, each
// open assessment's forecast and the requests still to come at the recent rate; the interval holds
// the middle forecast.yearIntervalPercent of a seeded simulation's runs. Each run first resamples
// the ended assessments (a Poisson bootstrap), so the interval also carries the doubt about the
// LA's own durations, not only which way each open case goes.
import type { IsoDate } from '../contract';
import { addWeeks, daysBetween, fromDay, toDay } from '../dates/iso-date';
import type { CaseEvaluation } from '../evaluate';
import { EhcTimelinessAccumulator } from '../measures/ehc-timeliness';
import { percentileCont } from '../measures/percentile';
import type { IncludingExcluding } from '../measures/share';
import type { RulesTable } from '../table';
import { isForecastable, stagePath } from './ehc-stages';
import { SeededRandom } from './seeded-random';
import { sampleEndDay, similarSamples, type StageDistributions, type StageSample } from './stage-distributions';

export interface ProjectedShare {
  /** Median of the runs, and the interval; percentages, null when no plan is expected. */
  percent: number | null;
  low: number | null;
  high: number | null;
}

export interface YearProjection {
  year: number;
  asOf: IsoDate;
  /** Plans issued in the year up to asOf (the DfE figures so far). */
  soFar: IncludingExcluding;
  including: ProjectedShare;
  excluding: ProjectedShare;
  /** Plans the year is expected to issue in all (median of the runs). */
  expectedPlans: number;
  openAssessments: number;
  /** Open assessments in a stage with too few ended assessments to forecast from. */
  notForecast: number;
  runs: number;
}

interface Pending {
  requested: number;
  age: number;
  due: number;
  exempt: boolean;
  samples: readonly StageSample[];
}

/** Evaluations: the LA's EHC assessments, all as of asOf; distributions built as of the same day. */
export function projectYear20Weeks(
  evaluations: Iterable<CaseEvaluation>,
  year: number,
  d: StageDistributions,
  rules: RulesTable,
): YearProjection {
  const asOf = d.asOf;
  const yearEnd = toDay(`${year}-12-31`);
  const f = rules.forecast;
  const soFarTo = fromDay(Math.min(yearEnd, toDay(asOf)));
  const known = new EhcTimelinessAccumulator({ from: `${year}-01-01`, to: soFarTo }, rules);
  const pending: Pending[] = [];
  let open = 0;
  let notForecast = 0;
  for (const e of evaluations) {
    known.add(e);
    if (!isForecastable(e) || e.status !== 'open') continue;
    const final = e.milestones.find((m) => m.kind === 'final_plan');
    if (!final) continue;
    open++;
    const path = stagePath(e);
    const { stage } = path[path.length - 1];
    if (d.byStage[stage].length < f.minStageSample) {
      notForecast++;
      continue;
    }
    const age = daysBetween(e.startedOn!, asOf);
    const samples = similarSamples(d.byStage[stage], age, f.minStageSample);
    pending.push({ requested: toDay(e.startedOn!), age, due: toDay(final.dueOn), exempt: final.state === 'exempt', samples });
  }
  const soFar = known.result().within20Weeks;
  const newcomers = d.byStage.awaiting_decision;
  const perDay = d.requestsPerWeek / 7;
  const rnd = new SeededRandom(f.simulationSeed);
  const runs = f.simulationRuns;
  const incl: number[] = [];
  const excl: number[] = [];
  const plans: number[] = [];
  const weights = new Uint8Array(d.endedCases);
  /** A sample drawn in proportion to its case's weight in this run (rejection; bounded tries). */
  const draw = (samples: readonly StageSample[], heaviest: number): StageSample => {
    let s = samples[rnd.below(samples.length)];
    for (let tries = 0; tries < 64 && rnd.next() * heaviest >= weights[s.caseIndex]; tries++) s = samples[rnd.below(samples.length)];
    return s;
  };
  for (let r = 0; r < runs; r++) {
    let heaviest = 1;
    for (let i = 0; i < weights.length; i++) heaviest = Math.max(heaviest, (weights[i] = Math.min(255, rnd.poisson(1))));
    const c = { hit: soFar.including.count, all: soFar.including.of, hitEx: soFar.excluding.count, allEx: soFar.excluding.of };
    const count = (endDay: number, due: number, exempt: boolean) => {
      if (endDay > yearEnd) return;
      const hit = endDay <= due;
      c.all++;
      if (hit) c.hit++;
      if (!exempt) {
        c.allEx++;
        if (hit) c.hitEx++;
      }
    };
    for (const p of pending) {
      const s = draw(p.samples, heaviest);
      if (s.plan) count(sampleEndDay(p.requested, p.age, s), p.due, p.exempt || s.exempt);
    }
    // Requests still to come this year, at the recent rate, from their first day.
    if (newcomers.length > 0) {
      for (let day = toDay(asOf) + 1; day <= yearEnd; day++) {
        for (let k = rnd.poisson(perDay); k > 0; k--) {
          const s = draw(newcomers, heaviest);
          if (s.plan) count(sampleEndDay(day, -1, s), toDay(addWeeks(fromDay(day), rules.ehc.finalPlanWeeks)), s.exempt);
        }
      }
    }
    plans.push(c.all);
    if (c.all > 0) incl.push((100 * c.hit) / c.all);
    if (c.allEx > 0) excl.push((100 * c.hitEx) / c.allEx);
  }
  const tail = (1 - f.yearIntervalPercent / 100) / 2;
  const share = (values: number[]): ProjectedShare => {
    const sorted = values.sort((a, b) => a - b);
    return { percent: percentileCont(sorted, 0.5), low: percentileCont(sorted, tail), high: percentileCont(sorted, 1 - tail) };
  };
  return {
    year,
    asOf,
    soFar,
    including: share(incl),
    excluding: share(excl),
    expectedPlans:
      percentileCont(
        plans.sort((a, b) => a - b),
        0.5,
      ) ?? 0,
    openAssessments: open,
    notForecast,
    runs,
  };
}
