import type { CaseEvent, Pathway } from '@app/rules';

/** Where an event came from: the HTTP API, a file import, or the synthetic seed. */
export type EventSource = 'api' | 'import' | 'seed';

/**
 * An event as the store holds it: the envelope as columns, the type's own fields as the jsonb
 * payload. The one row type of the events table: the writer takes it, the reader gives it back.
 */
export interface StoredEvent {
  eventId: string;
  la: string;
  caseRef: string;
  childRef: string;
  pathway: Pathway;
  type: string;
  date: string;
  payload: Record<string, unknown>;
  retractsEventId: string | null;
}

/** A stored event with its provenance, for a case's timeline. */
export interface TimelineEvent extends StoredEvent {
  source: EventSource;
  receivedAt: Date;
}

const ENVELOPE = new Set(['eventId', 'la', 'caseRef', 'childRef', 'pathway', 'type', 'date']);

/** Splits a contract event into envelope columns and its own fields (the jsonb payload). */
export function toStoredEvent(event: Record<string, unknown>): StoredEvent {
  const payload: Record<string, unknown> = {};
  for (const key of Object.keys(event)) {
    const value = event[key];
    if (value !== undefined && !ENVELOPE.has(key)) payload[key] = value;
  }
  return {
    eventId: event.eventId as string,
    la: event.la as string,
    caseRef: event.caseRef as string,
    childRef: event.childRef as string,
    pathway: event.pathway as Pathway,
    type: event.type as string,
    date: event.date as string,
    payload,
    retractsEventId: (event.retractsEventId as string | undefined) ?? null,
  };
}

/**
 * The contract event back from a stored one: the one conversion every reader uses (the case
 * page, the recompute, past-date reports). retractsEventId is in the payload as received.
 */
export function toCaseEvent(e: StoredEvent): CaseEvent {
  return {
    eventId: e.eventId,
    la: e.la,
    caseRef: e.caseRef,
    childRef: e.childRef,
    pathway: e.pathway,
    type: e.type,
    date: e.date,
    ...e.payload,
  } as unknown as CaseEvent;
}
