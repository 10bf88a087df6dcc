// The queueing measures of one waiting list as of a day (NHSRwaitinglist's wl_stats): demand,
// capacity, their cvs, queue size, mean wait, load, pressure, and what the target wait asks for:
// target mean wait, target queue size, target capacity and, with a deadline, relief capacity.
import type { IsoDate } from '../contract';
import { daysBetween, isIsoDate } from '../dates/iso-date';
import { SortedCounts } from '../measures/percentile';
import type { RulesTable } from '../table';
import { flowStats } from './flow-stats';
import { invalid, notEnoughData, type ForecastProblem } from './forecast-problem';
import { queueLoad, reliefCapacity, targetCapacity, targetMeanWait, targetQueueSize, waitingListPressure } from './queueing';
import type { ListHistory } from './weekly-flows';

export interface QueueMeasuresInput extends ListHistory {
  /** The wait the list should keep to, in weeks (the pathway's target: 18 SLT, 13 ND). */
  targetWeeks: number;
  /** The target's deadline: relief capacity brings the queue to its target size by then. */
  deadline?: IsoDate | null;
}

export interface ReliefCapacity {
  deadline: IsoDate;
  weeksToDeadline: number;
  /** Removals a week that bring the queue to the target queue size by the deadline. */
  capacity: number;
  /** The queue is more than forecast.reliefTriggerMultiple (2) times the target queue size. */
  needed: boolean;
}

export interface QueueMeasures {
  asOf: IsoDate;
  window: { from: IsoDate; to: IsoDate; weeks: number };
  demand: number;
  capacity: number;
  /** Measured from the weekly counts (flow-stats.ts); null when they cannot be. */
  cvDemand: number | null;
  cvCapacity: number | null;
  /** The cvs the target capacity used: measured, else forecast.defaultCv. */
  cvUsed: { demand: number; capacity: number };
  queueSize: number;
  /** Mean weeks waited by those waiting; null when nobody waits. */
  meanWaitWeeks: number | null;
  /** null when nothing was removed in the window (the list only grows). */
  queueLoad: number | null;
  pressure: number | null;
  targetWeeks: number;
  targetMeanWait: number;
  targetQueueSize: number;
  targetCapacity: number;
  /** More than forecast.reliefTriggerMultiple times the target queue size. */
  queueTooBig: boolean;
  relief: ReliefCapacity | null;
}

/** The measures, or a problem naming the field (a window with too few weeks, a past deadline). */
export function queueMeasures(input: QueueMeasuresInput, rules: RulesTable): QueueMeasures | ForecastProblem {
  const f = rules.forecast;
  if (!(input.targetWeeks > 0) || !Number.isFinite(input.targetWeeks)) return invalid('targetWeeks', 'must be a number of weeks above 0');
  if (input.flows.length < f.minWindowWeeks) return notEnoughData('window', input.flows.length, f.minWindowWeeks);
  if (input.deadline != null && !isIsoDate(input.deadline)) return invalid('target.deadline', "must be a date 'YYYY-MM-DD'");
  if (input.deadline != null && input.deadline <= input.asOf)
    return invalid('target.deadline', `is not after ${input.asOf}: it has passed`);

  const s = flowStats(input.flows);
  const waiting = new SortedCounts(input.waitingDays);
  const cvDemand = s.cvDemand ?? f.defaultCv;
  const cvCapacity = s.cvCapacity ?? f.defaultCv;
  const meanWaitWeeks = waiting.count > 0 ? waiting.sum / waiting.count / 7 : null;
  const targetQueue = targetQueueSize(s.demand, input.targetWeeks, f.meanWaitDivisor);
  const queueTooBig = waiting.count > f.reliefTriggerMultiple * targetQueue;
  let relief: ReliefCapacity | null = null;
  if (input.deadline != null) {
    const weeksToDeadline = daysBetween(input.asOf, input.deadline) / 7;
    relief = {
      deadline: input.deadline,
      weeksToDeadline,
      capacity: reliefCapacity(s.demand, waiting.count, targetQueue, weeksToDeadline),
      needed: queueTooBig,
    };
  }
  return {
    asOf: input.asOf,
    window: { from: input.flows[0].from, to: input.flows[input.flows.length - 1].to, weeks: s.weeks },
    demand: s.demand,
    capacity: s.capacity,
    cvDemand: s.cvDemand,
    cvCapacity: s.cvCapacity,
    cvUsed: { demand: cvDemand, capacity: cvCapacity },
    queueSize: waiting.count,
    meanWaitWeeks,
    queueLoad: queueLoad(s.demand, s.capacity),
    pressure: meanWaitWeeks === null ? null : waitingListPressure(meanWaitWeeks, input.targetWeeks),
    targetWeeks: input.targetWeeks,
    targetMeanWait: targetMeanWait(input.targetWeeks, f.meanWaitDivisor),
    targetQueueSize: targetQueue,
    targetCapacity: targetCapacity(s.demand, input.targetWeeks, f.capacityFactor, cvDemand, cvCapacity),
    queueTooBig,
    relief,
  };
}
