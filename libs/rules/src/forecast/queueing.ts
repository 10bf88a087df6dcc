// The queueing formulas of NHSRwaitinglist (Fong et al., "Understanding Waiting List Pressures",
// 2022), as plain functions. Units: weeks; demand and capacity are people a week. The constants
// (divisor 4, factor 4, cv 1, trigger 2) come from the rules table's `forecast` section.

/** demand / capacity; >= 1 means the list grows without limit. null when there is no capacity. */
export function queueLoad(demand: number, capacity: number): number | null {
  return capacity > 0 ? demand / capacity : null;
}

/** The mean wait that keeps about 98% under the target: target wait / divisor (4). */
export function targetMeanWait(targetWait: number, divisor: number): number {
  return targetWait / divisor;
}

/** The queue size of a list in equilibrium at that mean wait (Little's law): demand x target wait / divisor. */
export function targetQueueSize(demand: number, targetWait: number, divisor: number): number {
  return (demand * targetWait) / divisor;
}

/** Kingman/Marchal: demand + ((cv_demand^2 + cv_capacity^2) / 2) x (factor / target wait). */
export function targetCapacity(demand: number, targetWait: number, factor: number, cvDemand: number, cvCapacity: number): number {
  return demand + ((cvDemand ** 2 + cvCapacity ** 2) / 2) * (factor / targetWait);
}

/** Capacity that brings the queue down to the target queue size in `weeks`: demand + (queue - target) / weeks. */
export function reliefCapacity(demand: number, queueSize: number, targetQueue: number, weeks: number): number {
  return demand + (queueSize - targetQueue) / weeks;
}

/** 2 x mean wait / target wait; above 1 the target is likely to be missed. */
export function waitingListPressure(meanWait: number, targetWait: number): number {
  return (2 * meanWait) / targetWait;
}
