// Turns a case's raw events into its effective timeline: one case, retractions applied,
// replays dropped, nothing after the as-of date, in a canonical order (so input order never matters).
//
// Speed note: events come in many shapes (one per type), so every property read on them is a slow
// "megamorphic" lookup. Each event's common fields are read once into an Entry of a single shape;
// the evaluators work on entries and touch the event itself only for type-specific fields.
import type { CaseEvent, IsoDate } from '../contract';
import type { CaseId } from './evaluation.types';

export const caseKeyOf = (e: CaseId): string => `${e.la}\u0000${e.caseRef}\u0000${e.pathway}`;

/** Canonical order: by date, then eventId (ids are unique per LA source, so the order is total). */
export function compareEvents(a: { date: IsoDate; eventId: string }, b: { date: IsoDate; eventId: string }): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.eventId !== b.eventId) return a.eventId < b.eventId ? -1 : 1;
  return 0;
}

/** One event's common fields, read once. */
export class Entry {
  constructor(
    readonly event: CaseEvent,
    readonly la: string,
    readonly caseRef: string,
    readonly pathway: CaseEvent['pathway'],
    readonly type: CaseEvent['type'],
    readonly date: IsoDate,
    readonly eventId: string,
  ) {}
}

const entryOf = (e: CaseEvent) => new Entry(e, e.la, e.caseRef, e.pathway, e.type, e.date, e.eventId);

/** The case of the earliest event in canonical order: independent of input order. */
export function defaultCaseId(events: readonly CaseEvent[]): CaseId | null {
  return events.length === 0 ? null : earliestId(events.map(entryOf));
}

function earliestId(entries: readonly Entry[]): CaseId {
  let first = entries[0];
  for (let i = 1; i < entries.length; i++) if (compareEvents(entries[i], first) < 0) first = entries[i];
  return { la: first.la, caseRef: first.caseRef, pathway: first.pathway };
}

/**
 * The case's events that still stand as of `asOf`, sorted.
 * - Only events of the case (same LA, case reference and pathway) count; without `id`, the case
 *   is that of the earliest event.
 * - A retract withdraws the event it names in the same case, whatever the retract's own date: a
 *   correction fixes history. A retract of a retract is refused at ingest and ignored here.
 * - Replays (same eventId) count once.
 * - Events dated after `asOf` have not happened yet as of that date.
 */
export function timelineOf(events: readonly CaseEvent[], asOf: IsoDate, id?: CaseId): { id: CaseId | null; entries: Entry[] } {
  const all = events.map(entryOf);
  if (all.length === 0) return { id: id ?? null, entries: [] };
  const caseId = id ?? earliestId(all);
  const kept: Entry[] = [];
  let retracted: string[] | null = null;
  for (const x of all) {
    if (x.caseRef !== caseId.caseRef || x.la !== caseId.la || x.pathway !== caseId.pathway) continue;
    if (x.type === 'retract') (retracted ??= []).push((x.event as { retractsEventId: string }).retractsEventId);
    else if (x.date <= asOf) kept.push(x);
  }
  const standing = retracted === null ? kept : kept.filter((x) => !retracted.includes(x.eventId));
  sortEntries(standing);
  return { id: caseId, entries: withoutReplays(standing) };
}

/** The standing events of case `id` as of `asOf`, in canonical order. */
export function effectiveTimeline(events: readonly CaseEvent[], asOf: IsoDate, id: CaseId): CaseEvent[] {
  return timelineOf(events, asOf, id).entries.map((x) => x.event);
}

/** Insertion sort: cases hold a handful of events, where it beats the generic sort. */
function sortEntries(a: Entry[]): void {
  if (a.length > 32) {
    a.sort(compareEvents);
    return;
  }
  for (let i = 1; i < a.length; i++) {
    const x = a[i];
    let j = i - 1;
    while (j >= 0 && compareEvents(a[j], x) > 0) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = x;
  }
}

/** Keeps the first of entries sharing an eventId (a replay). Cases are small: no Set needed. */
function withoutReplays(sorted: Entry[]): Entry[] {
  if (sorted.length > 64) {
    const seen = new Set<string>();
    return sorted.filter((x) => !seen.has(x.eventId) && (seen.add(x.eventId), true));
  }
  for (let i = 1; i < sorted.length; i++) {
    for (let j = 0; j < i; j++) {
      if (sorted[j].eventId === sorted[i].eventId)
        return withoutReplays(sorted.filter((x, k) => k === j || x.eventId !== sorted[j].eventId));
    }
  }
  return sorted;
}
