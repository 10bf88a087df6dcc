// Projects one waiting list week by week to its target's deadline from the window's demand and
// capacity (and a what-if), answers whether the target is met and, if not, how many more removals
// a week would meet it; a seeded simulation of the same list gives each week's band.
import type { IsoDate } from '../contract';
import { addDays, daysBetween, isIsoDate, toDay } from '../dates/iso-date';
import type { Target } from '../measures/target';
import type { RulesTable } from '../table';
import { flowStats } from './flow-stats';
import { projectMeanPath } from './fluid-projection';
import { invalid, notEnoughData, type ForecastProblem } from './forecast-problem';
import { snapshotDays, type ListScenario } from './list-scenario';
import { simulateBands, type Band } from './list-simulation';
import { figureFor, isProjectable, meets, overWeeksLines, type ProjectableMeasure } from './projection-target';
import type { ListHistory } from './weekly-flows';

export interface WhatIf {
  /** Removals a week added (negative: taken away) from `from` on. */
  capacityChange?: { perWeek: number; from: IsoDate };
  /** Demand cut by this percentage from the start (negative: demand grows). */
  demandChangePercent?: number;
}

export interface ProjectionInput extends ListHistory {
  /** The pathway's target wait in weeks (18 SLT, 13 ND): the "within target" line. */
  targetWeeks: number;
  /** A waiting-list target with its deadline (parseTarget's shape; deadline checked here too). */
  target: Pick<Target, 'measure' | 'threshold' | 'comparator'> & { deadline?: IsoDate | null };
  whatIf?: WhatIf;
  /** Simulation runs; forecast.simulationRuns by default. */
  runs?: number;
}

export interface ProjectedWeek {
  on: IsoDate;
  size: number;
  medianWeeks: number;
  p92Weeks: number;
  /** % of those waiting N completed weeks or more, for the target, 18 and 52 weeks. */
  overWeeksPercent: Record<number, number>;
  /** The target's figure on this day, and whether it meets the threshold. */
  targetValue: number;
  met: boolean;
  /** The middle forecast.bandPercent of the simulation's runs. */
  band: { size: Band; medianWeeks: Band; p92Weeks: Band };
}

/**
 * met      the target holds from `on` through the deadline
 * not_met  it does not hold at the deadline, or demand is at or above capacity (the list grows
 *          without limit, so no target holds for long): `extraPerWeek` more removals a week from
 *          `from` meet it (null when capacity alone cannot)
 */
export type TargetAnswer =
  | { status: 'met'; on: IsoDate }
  | { status: 'not_met'; by: IsoDate; reason: 'misses_target' | 'list_grows'; extraPerWeek: number | null; from: IsoDate };

export interface Projection {
  asOf: IsoDate;
  deadline: IsoDate;
  window: { from: IsoDate; to: IsoDate; weeks: number };
  /** Measured over the window. */
  demand: number;
  capacity: number;
  /** What was projected, after the what-if. */
  projectedDemand: number;
  projectedCapacity: { before: number; after: number; from: IsoDate | null };
  /** Projected demand / capacity from the change on; null when that capacity is 0. */
  queueLoad: number | null;
  weeks: ProjectedWeek[];
  answer: TargetAnswer;
  runs: number;
}

type Checked = { scenario: ListScenario; deadline: IsoDate; measure: ProjectableMeasure };

function check(input: ProjectionInput, rules: RulesTable): Checked | ForecastProblem {
  const f = rules.forecast;
  const t = input.target;
  if (!t) return invalid('target', 'is required');
  if (t.deadline === undefined || t.deadline === null || (t.deadline as string) === '')
    return invalid('target.deadline', 'is required: a target without a date cannot be projected');
  if (!isIsoDate(t.deadline)) return invalid('target.deadline', "must be a date 'YYYY-MM-DD'");
  if (t.deadline <= input.asOf) return invalid('target.deadline', `has passed: it must be after ${input.asOf}`);
  const days = daysBetween(input.asOf, t.deadline);
  if (days > 7 * f.maxHorizonWeeks) return invalid('target.deadline', `is more than ${f.maxHorizonWeeks} weeks ahead`);
  if (!isProjectable(t.measure)) return invalid('target.measure', 'cannot be projected: only measures of those waiting can');
  if (typeof t.threshold !== 'number' || !Number.isFinite(t.threshold)) return invalid('target.threshold', 'must be a number');
  if (!(input.targetWeeks > 0)) return invalid('targetWeeks', 'must be a number of weeks above 0');
  if (input.flows.length < f.minWindowWeeks) return notEnoughData('window', input.flows.length, f.minWindowWeeks);

  const s = flowStats(input.flows);
  const w = input.whatIf ?? {};
  const cut = w.demandChangePercent ?? 0;
  if (!Number.isFinite(cut) || cut > 100) return invalid('demandChange', 'must be a percentage of at most 100');
  const change = w.capacityChange;
  let changeFromDay: number | null = null;
  let capacityAfter = s.capacity;
  if (change) {
    if (!Number.isFinite(change.perWeek)) return invalid('capacityChange.perWeek', 'must be a number');
    if (!isIsoDate(change.from)) return invalid('capacityChange.from', "must be a date 'YYYY-MM-DD'");
    if (change.from > t.deadline) return invalid('capacityChange.from', `must be on or before the deadline ${t.deadline}`);
    capacityAfter = s.capacity + change.perWeek;
    if (capacityAfter < 0) {
      return invalid('capacityChange', `would make capacity negative: ${round1(s.capacity)} a week now, change ${change.perWeek}`);
    }
    changeFromDay = toDay(change.from);
  }
  return {
    deadline: t.deadline,
    measure: t.measure,
    scenario: {
      asOf: input.asOf,
      days,
      demand: s.demand * (1 - cut / 100),
      capacity: s.capacity,
      capacityAfter,
      changeFromDay,
      waitingDays: input.waitingDays,
    },
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The mean path's target figures, and whether the target holds at the deadline with a stable list. */
function judge(c: Checked, input: ProjectionInput, rules: RulesTable) {
  const lines = overWeeksLines(input.targetWeeks, rules);
  const path = projectMeanPath(c.scenario, lines);
  const values = path.map((p) => figureFor(c.measure, p, input.targetWeeks, rules));
  const met = values.map((v) => meets(input.target, v));
  const load = c.scenario.capacityAfter > 0 ? c.scenario.demand / c.scenario.capacityAfter : null;
  // Without demand the list cannot grow, whatever the capacity.
  const stable = c.scenario.demand === 0 || (load !== null && load < 1);
  return { path, values, met, load, ok: stable && met[met.length - 1], stable };
}

/** The fewest whole extra removals a week, from the day after asOf, that meet the target; null if none do. */
function extraNeeded(c: Checked, input: ProjectionInput, rules: RulesTable): number | null {
  const from = toDay(input.asOf) + 1;
  const withExtra = (x: number): Checked => {
    const s = c.scenario;
    // The extra runs from the start; a what-if change still applies from its own day.
    const after = s.changeFromDay === null ? s.capacity + x : s.capacityAfter + x;
    return { ...c, scenario: { ...s, capacity: s.capacity + x, capacityAfter: after, changeFromDay: s.changeFromDay ?? from } };
  };
  const size = Object.values(input.waitingDays as Record<string, number>).reduce((a, b) => a + b, 0);
  // Enough to clear everyone waiting and everyone joining by the deadline, and then some.
  const upper = Math.ceil(size / (c.scenario.days / 7) + c.scenario.demand + 1);
  if (!judge(withExtra(upper), input, rules).ok) return null;
  let lo = 0;
  let hi = upper;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (judge(withExtra(mid), input, rules).ok) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function projectList(input: ProjectionInput, rules: RulesTable): Projection | ForecastProblem {
  const c = check(input, rules);
  if ('kind' in c) return c;
  const f = rules.forecast;
  const runs = input.runs ?? f.simulationRuns;
  const j = judge(c, input, rules);
  const bands = simulateBands(c.scenario, runs, f.simulationSeed, f.bandPercent);
  const days = snapshotDays(c.scenario.days);
  const lines = overWeeksLines(input.targetWeeks, rules);
  const weeks: ProjectedWeek[] = j.path.map((p, i) => ({
    on: addDays(input.asOf, days[i]),
    size: p.size,
    medianWeeks: p.medianWeeks,
    p92Weeks: p.p92Weeks,
    overWeeksPercent: Object.fromEntries(lines.map((n) => [n, p.size <= 1e-9 ? 0 : (100 * p.overWeeks[n]) / p.size])),
    targetValue: j.values[i],
    met: j.met[i],
    band: { size: bands.size[i], medianWeeks: bands.medianWeeks[i], p92Weeks: bands.p92Weeks[i] },
  }));
  let answer: TargetAnswer;
  if (j.ok) {
    let first = j.met.length - 1;
    while (first > 0 && j.met[first - 1]) first--;
    answer = { status: 'met', on: weeks[first].on };
  } else {
    answer = {
      status: 'not_met',
      by: c.deadline,
      reason: j.stable ? 'misses_target' : 'list_grows',
      extraPerWeek: extraNeeded(c, input, rules),
      from: addDays(input.asOf, 1),
    };
  }
  const s = flowStats(input.flows);
  return {
    asOf: input.asOf,
    deadline: c.deadline,
    window: { from: input.flows[0].from, to: input.flows[input.flows.length - 1].to, weeks: input.flows.length },
    demand: s.demand,
    capacity: s.capacity,
    projectedDemand: c.scenario.demand,
    projectedCapacity: {
      before: c.scenario.capacity,
      after: c.scenario.capacityAfter,
      from: input.whatIf?.capacityChange?.from ?? null,
    },
    queueLoad: j.load,
    weeks,
    answer,
    runs,
  };
}
