// Test-only: evaluate a case written as casebook steps.
import type { IsoDate, Pathway } from '../contract';
import { eventsOf, type Step } from '../casebook/worked-case';
import { evaluateCase, type CaseEvaluation } from '../evaluate';
import { RULES } from './rules-fixture';

let counter = 0;

export function evaluateSteps(
  pathway: Pathway,
  steps: Step[],
  asOf: IsoDate,
  opts: { la?: string; caseRef?: string } = {},
): CaseEvaluation {
  const caseRef = opts.caseRef ?? `T-${++counter}`;
  const events = eventsOf({ name: caseRef, pathway, asOf, steps, status: 'open', milestones: [] }, caseRef).map((e) => ({
    ...e,
    la: opts.la ?? '805',
  }));
  return evaluateCase(events, asOf, RULES);
}
