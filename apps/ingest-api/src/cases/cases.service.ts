import { Inject, Injectable } from '@nestjs/common';
import { Clock, RULES_TABLE } from '@app/config';
import { EventReader, toCaseEvent } from '@app/database';
import { type CaseEvaluation, type RulesTable, evaluateCase } from '@app/rules';

export interface TimelineEntry {
  eventId: string;
  type: string;
  date: string;
  fields: Record<string, unknown>;
  /** Set when a later retract withdrew this event: it stays in the audit trail. */
  retractedBy?: string;
  source: string;
  receivedAt: string;
}

export type CaseView = Pick<
  CaseEvaluation,
  'asOf' | 'status' | 'outcome' | 'startedOn' | 'closedOn' | 'milestones' | 'wait' | 'needCode' | 'ignoredExceptions'
> & {
  la: string;
  caseRef: string;
  pathway: string;
  childRef: string;
  firstEventOn: string;
  lastEventOn: string;
  eventCount: number;
  timeline: TimelineEntry[];
};

/** A case as a caseworker sees it: its timeline and, from the rules, each milestone's state. */
@Injectable()
export class CasesService {
  constructor(
    private readonly store: EventReader,
    private readonly clock: Clock,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  async getCase(la: string, caseRef: string, asOf = this.clock.todayInLondon()): Promise<CaseView | undefined> {
    const row = await this.store.findCase(la, caseRef);
    if (!row) return undefined;
    const events = await this.store.timeline(row);
    const retractedBy = new Map<string, string>();
    for (const e of events) if (e.retractsEventId) retractedBy.set(e.retractsEventId, e.eventId);
    const evaluation = evaluateCase(events.map(toCaseEvent), asOf, this.rules, { la, caseRef, pathway: row.pathway });
    return {
      la: row.la,
      caseRef: row.caseRef,
      pathway: row.pathway,
      childRef: row.childRef,
      firstEventOn: row.firstEventOn,
      lastEventOn: row.lastEventOn,
      eventCount: row.eventCount,
      asOf,
      status: evaluation.status,
      outcome: evaluation.outcome,
      startedOn: evaluation.startedOn,
      closedOn: evaluation.closedOn,
      milestones: evaluation.milestones,
      wait: evaluation.wait,
      needCode: evaluation.needCode,
      ignoredExceptions: evaluation.ignoredExceptions,
      timeline: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        date: e.date,
        fields: e.payload,
        ...(retractedBy.has(e.eventId) ? { retractedBy: retractedBy.get(e.eventId) } : {}),
        source: e.source,
        receivedAt: new Date(e.receivedAt).toISOString(),
      })),
    };
  }
}
