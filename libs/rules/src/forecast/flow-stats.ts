// Demand and capacity from weekly flows: means, and coefficients of variation.
//
// The formulas want the cv of the gaps between arrivals and of the service times. Dates here are
// whole days, and at several referrals a day most gaps are 0, so the gaps' cv means little.
// Instead the cv is read from the weekly counts: for a renewal process the variance of the count
// over its mean tends to cv^2 (Cox, Renewal Theory, 1962), so cv = sqrt(variance / mean) of the
// weekly counts; 1 for Poisson referrals, as NHSRwaitinglist assumes by default.
import type { WeeklyFlow } from './weekly-flows';

export interface FlowStats {
  weeks: number;
  /** Mean referrals added a week. */
  demand: number;
  /** Mean removals a week. */
  capacity: number;
  /** Measured cvs; null with fewer than 2 weeks or nothing counted. */
  cvDemand: number | null;
  cvCapacity: number | null;
}

function meanAndCv(counts: number[]): { mean: number; cv: number | null } {
  const n = counts.length;
  if (n === 0) return { mean: 0, cv: null };
  const mean = counts.reduce((a, b) => a + b, 0) / n;
  if (n < 2 || mean === 0) return { mean, cv: null };
  const variance = counts.reduce((s, c) => s + (c - mean) ** 2, 0) / (n - 1);
  return { mean, cv: Math.sqrt(variance / mean) };
}

export function flowStats(flows: readonly WeeklyFlow[]): FlowStats {
  const d = meanAndCv(flows.map((f) => f.added));
  const c = meanAndCv(flows.map((f) => f.removed));
  return { weeks: flows.length, demand: d.mean, capacity: c.mean, cvDemand: d.cv, cvCapacity: c.cv };
}
