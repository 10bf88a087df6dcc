// Open EHC assessments as of each evaluation's as-of date: count, overdue, due soon, age bands.
import { daysBetween } from '../dates/iso-date';
import type { CaseEvaluation } from '../evaluate';
import type { RulesTable } from '../table';
import type { Accumulator } from './accumulator';
import { tally, type Histogram } from './percentile';
import { completedWeeks, weekBands } from './week-bands';

export interface OpenAssessments {
  open: number;
  /** With at least one statutory step overdue (internal targets such as the draft plan never count). */
  overdue: number;
  /** Past the final-plan (or reassessment plan) date with no plan. */
  finalPlanOverdue: number;
  /** With a step (not yet overdue) due within measures.openDueWithinWeeks of as-of. */
  dueSoon: number;
  /** With a step whose limit an exception lifted. */
  withException: number;
  /** Completed weeks since the request, in measures.openAgeBandsWeeks bands. */
  ageBands: Record<string, number>;
}

/** What the measure is computed from, by the accumulator below or by the reports' SQL. */
export interface OpenAssessmentsCounts extends Omit<OpenAssessments, 'ageBands'> {
  /** Completed weeks since the request: {weeks: open assessments}. */
  ageWeeks: Histogram;
}

/** The counts as they are; the ages in measures.openAgeBandsWeeks bands. */
export function openAssessmentsFromCounts({ ageWeeks, ...counts }: OpenAssessmentsCounts, rules: RulesTable): OpenAssessments {
  return { ...counts, ageBands: weekBands(rules.measures.openAgeBandsWeeks, ageWeeks) };
}

export class OpenAssessmentsAccumulator implements Accumulator<OpenAssessments> {
  private readonly counts = { open: 0, overdue: 0, finalPlanOverdue: 0, dueSoon: 0, withException: 0 };
  private readonly ageWeeks: Record<number, number> = {};

  constructor(private readonly rules: RulesTable) {}

  add(e: CaseEvaluation): void {
    if (e.pathway !== 'ehc_assessment' || e.status !== 'open' || e.startedOn === null) return;
    const c = this.counts;
    const soon = 7 * this.rules.measures.openDueWithinWeeks;
    c.open++;
    let overdue = false,
      finalOverdue = false,
      dueSoon = false,
      exempt = false;
    for (const m of e.milestones) {
      if (m.state === 'overdue' && m.statutory) {
        overdue = true;
        if (m.kind === 'final_plan' || m.kind === 'reassessment_final_plan') finalOverdue = true;
      }
      if (m.state === 'exempt') exempt = true;
      if (m.doneOn === null && m.state !== 'overdue') {
        const left = daysBetween(e.asOf, m.dueOn);
        if (left >= 0 && left <= soon) dueSoon = true;
      }
    }
    if (overdue) c.overdue++;
    if (finalOverdue) c.finalPlanOverdue++;
    if (dueSoon) c.dueSoon++;
    if (exempt) c.withException++;
    tally(this.ageWeeks, completedWeeks(daysBetween(e.startedOn, e.asOf)));
  }

  /** What the result is computed from: counts of several accumulators add up. */
  countsSoFar(): OpenAssessmentsCounts {
    return { ...this.counts, ageWeeks: { ...this.ageWeeks } };
  }

  result(): OpenAssessments {
    return openAssessmentsFromCounts(this.countsSoFar(), this.rules);
  }
}
