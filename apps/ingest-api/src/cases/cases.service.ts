import { Inject, Injectable } from '@nestjs/common';
import { Clock, RULES_TABLE } from '@app/config';
import { EventReader, toCaseEvent } from '@app/database';
import { type CaseEvaluation, type IgnoredException, type LocalReminder, type RulesTable, evaluateCase } from '@app/rules';

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
  'asOf' | 'status' | 'outcome' | 'startedOn' | 'closedOn' | 'milestones' | 'wait' | 'needCode' | 'ignoredExceptions' | 'concerns'
> & {
  la: string;
  caseRef: string;
  pathway: string;
  childRef: string;
  firstEventOn: string;
  lastEventOn: string;
  eventCount: number;
  timeline: TimelineEntry[];
  /** Local-policy reminders (under-5 reviews, Code of Practice 9.178): shown as local policy, never breaches. */
  localReminders: LocalReminder[];
};

/** An exception recorded but not applicable, with its case. */
export interface NotApplicableException extends IgnoredException {
  caseRef: string;
}

/** The data-quality list of an LA: every exception recorded but not applicable, as of a date. */
export interface NotApplicableExceptions {
  la: string;
  asOf: string;
  count: number;
  exceptions: NotApplicableException[];
}

/** Cases evaluated per read of the list: bounds memory whatever the LA's size. */
const CHUNK = 500;

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
      // Exceptions recorded but not applicable (they lift no limit), each with why in plain words.
      ignoredExceptions: evaluation.ignoredExceptions,
      // Procedural concerns (reg 13(1): final plan inside the 15 days), in plain words.
      concerns: evaluation.concerns,
      timeline: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        date: e.date,
        fields: e.payload,
        ...(retractedBy.has(e.eventId) ? { retractedBy: retractedBy.get(e.eventId) } : {}),
        source: e.source,
        receivedAt: new Date(e.receivedAt).toISOString(),
      })),
      localReminders: evaluation.localReminders,
    };
  }

  /**
   * Every EHC exception of an LA that lifts no time limit as of `asOf` (docs/rules.md,
   * "Exceptions"): the cases with an exception event are evaluated with the rules, as the case page
   * does, so the list always agrees with the case page and follows a change of the rules at once.
   */
  async exceptionsNotApplicable(la: string, asOf = this.clock.todayInLondon()): Promise<NotApplicableExceptions> {
    const refs = await this.store.caseRefsWithEvent(la, 'ehc_assessment', 'exception');
    const exceptions: NotApplicableException[] = [];
    for (let i = 0; i < refs.length; i += CHUNK) {
      for (const c of await this.store.loadCases(la, refs.slice(i, i + CHUNK), asOf)) {
        const evaluation = evaluateCase(c.events, asOf, this.rules, { la, caseRef: c.caseRef, pathway: c.pathway });
        for (const x of evaluation.ignoredExceptions) exceptions.push({ caseRef: c.caseRef, ...x });
      }
    }
    return { la, asOf, count: exceptions.length, exceptions };
  }
}
