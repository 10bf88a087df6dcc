import { Inject, Injectable } from '@nestjs/common';
import { RULES_TABLE } from '@app/config';
import { type CaseEvaluation, type CaseEvent, type RulesTable, evaluateCase } from '@app/rules';
import { Clock } from '../common/clock';
import { EventStoreRepository } from '../events/event-store.repository';
import { fromStoredEvent } from '../events/stored-event';

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

export type CaseView = Pick<CaseEvaluation, 'asOf' | 'status' | 'outcome' | 'startedOn' | 'closedOn' | 'milestones' | 'wait'> & {
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
    private readonly store: EventStoreRepository,
    private readonly clock: Clock,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  async getCase(la: string, caseRef: string, asOf = this.clock.todayInLondon()): Promise<CaseView | undefined> {
    const row = await this.store.findCase(la, caseRef);
    if (!row) return undefined;
    const events = await this.store.caseEvents(la, caseRef);
    const retractedBy = new Map<string, string>();
    for (const e of events) if (e.retracts_event_id) retractedBy.set(e.retracts_event_id, e.event_id);
    const contractEvents = events.map(
      (e) =>
        fromStoredEvent({
          eventId: e.event_id,
          la,
          caseRef,
          childRef: row.child_ref,
          pathway: row.pathway as CaseEvent['pathway'],
          type: e.type,
          date: e.occurred_on,
          payload: e.payload,
          retractsEventId: e.retracts_event_id,
        }) as unknown as CaseEvent,
    );
    const evaluation = evaluateCase(contractEvents, asOf, this.rules, {
      la,
      caseRef,
      pathway: row.pathway as CaseEvent['pathway'],
    });
    return {
      la: row.la_code,
      caseRef: row.case_ref,
      pathway: row.pathway,
      childRef: row.child_ref,
      firstEventOn: row.first_event_on,
      lastEventOn: row.last_event_on,
      eventCount: row.event_count,
      asOf,
      status: evaluation.status,
      outcome: evaluation.outcome,
      startedOn: evaluation.startedOn,
      closedOn: evaluation.closedOn,
      milestones: evaluation.milestones,
      wait: evaluation.wait,
      timeline: events.map((e) => ({
        eventId: e.event_id,
        type: e.type,
        date: e.occurred_on,
        fields: e.payload,
        ...(retractedBy.has(e.event_id) ? { retractedBy: retractedBy.get(e.event_id) } : {}),
        source: e.source,
        receivedAt: new Date(e.received_at).toISOString(),
      })),
    };
  }
}
