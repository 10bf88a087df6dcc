// The entry point: a case's events and an as-of date in, the law's view of the case out.
import type { CaseEvent, IsoDate } from '../contract';
import { toDay } from '../dates/iso-date';
import type { RulesTable } from '../table';
import { evaluateAlternativeProvision } from './alternative-provision';
import { evaluateAnnualReview } from './annual-review';
import { evaluateEhcAssessment } from './ehc-assessment';
import type { CaseEvaluation, CaseId, PathwayResult } from './evaluation.types';
import { evaluateSenSupport } from './sen-support';
import { caseKeyOf, compareEvents, timelineOf, type Entry } from './timeline';
import { evaluateWait } from './waiting-list';

/**
 * Evaluates one case as of `asOf`. Events may come in any order and may include retractions.
 * `id` names the case (LA, case reference, pathway); without it, the case of the earliest event.
 * Events of other cases are ignored. Pure and total: a case with no clock-start event comes back
 * `not_started` with no milestones.
 */
export function evaluateCase(events: readonly CaseEvent[], asOf: IsoDate, rules: RulesTable, id?: CaseId): CaseEvaluation {
  const { id: caseId, entries } = timelineOf(events, asOf, id);
  if (caseId === null) throw new Error('evaluateCase needs at least one event or a case id');
  const r = evaluatePathway(caseId, entries, toDay(asOf), rules);
  return {
    la: caseId.la,
    caseRef: caseId.caseRef,
    pathway: caseId.pathway,
    childRef: entries.length ? entries[0].event.childRef : childRefOf(events, caseId),
    asOf,
    status: r.startedOn === null ? 'not_started' : r.closedOn === null ? 'open' : 'closed',
    outcome: r.outcome,
    startedOn: r.startedOn,
    closedOn: r.closedOn,
    reassessment: r.reassessment,
    needCode: r.needCode,
    milestones: r.milestones,
    wait: r.wait ?? null,
    ignoredExceptions: r.ignoredExceptions,
    localReminders: r.localReminders ?? [],
    concerns: r.concerns ?? [],
    senSupport: r.senSupport,
    placement: r.placement,
  };
}

/** The child of the case's earliest event (all of them may postdate asOf or be retracted). */
function childRefOf(events: readonly CaseEvent[], id: CaseId): string {
  let first: CaseEvent | null = null;
  for (const e of events) {
    if (e.la === id.la && e.caseRef === id.caseRef && e.pathway === id.pathway && (first === null || compareEvents(e, first) < 0))
      first = e;
  }
  return first?.childRef ?? '';
}

function evaluatePathway(id: CaseId, timeline: Entry[], asOf: number, rules: RulesTable): PathwayResult {
  switch (id.pathway) {
    case 'ehc_assessment':
      return evaluateEhcAssessment(timeline, asOf, rules);
    case 'annual_review':
      return evaluateAnnualReview(timeline, asOf, rules);
    case 'slt':
    case 'neurodevelopmental':
      return evaluateWait(id.pathway, timeline, asOf, rules);
    case 'sen_support':
      return evaluateSenSupport(timeline, asOf, rules);
    case 'alternative_provision':
      return evaluateAlternativeProvision(timeline, asOf, rules);
  }
}

/** Evaluates every case found in a mixed stream of events (grouped by LA, case and pathway). */
export function evaluateCases(events: Iterable<CaseEvent>, asOf: IsoDate, rules: RulesTable): CaseEvaluation[] {
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of events) {
    const key = caseKeyOf(e);
    const list = byCase.get(key);
    if (list) list.push(e);
    else byCase.set(key, [e]);
  }
  const out: CaseEvaluation[] = [];
  for (const list of byCase.values()) {
    const e = list[0];
    out.push(evaluateCase(list, asOf, rules, { la: e.la, caseRef: e.caseRef, pathway: e.pathway }));
  }
  return out;
}
