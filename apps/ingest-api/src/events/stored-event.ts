import type { Pathway } from '@app/rules';

/** A validated event in the shape the store writes: envelope columns plus the type's fields. */
export interface StoredEventInput {
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

const ENVELOPE = new Set(['eventId', 'la', 'caseRef', 'childRef', 'pathway', 'type', 'date']);

/** Splits a contract event into envelope columns and its own fields (the jsonb payload). */
export function toStoredEvent(event: Record<string, unknown>): StoredEventInput {
  const payload: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(event)) {
    if (!ENVELOPE.has(key) && value !== undefined) payload[key] = value;
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

/** The contract event back from a stored row. */
export function fromStoredEvent(row: StoredEventInput): Record<string, unknown> {
  return {
    eventId: row.eventId,
    la: row.la,
    caseRef: row.caseRef,
    childRef: row.childRef,
    pathway: row.pathway,
    type: row.type,
    date: row.date,
    ...row.payload,
  };
}
