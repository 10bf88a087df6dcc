import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type PoolClient, Query } from 'pg';
import { DataSource } from 'typeorm';
import type { CaseEvent, Pathway } from '@app/rules';
import { type StoredEvent, type TimelineEvent, toCaseEvent } from './stored-event';

/** A case's identity and what the store knows of it without reading its events. */
export interface CaseRecord {
  la: string;
  caseRef: string;
  pathway: Pathway;
  childRef: string;
  firstEventOn: string;
  lastEventOn: string;
  eventCount: number;
}

/** A case with its whole timeline as contract events, ready for libs/rules. */
export interface LoadedCase {
  la: string;
  caseRef: string;
  pathway: Pathway;
  childRef: string;
  eventCount: number;
  events: CaseEvent[];
}

const CASE_COLUMNS = `la_code AS la, case_ref AS "caseRef", pathway, child_ref AS "childRef",
  first_event_on::text AS "firstEventOn", last_event_on::text AS "lastEventOn", event_count AS "eventCount"`;

/** The columns of an event that its case does not already say (la, case, child and pathway are the case's). */
const EVENT_COLUMNS = `case_ref AS "caseRef", event_id AS "eventId", type, occurred_on::text AS date, payload,
  retracts_event_id AS "retractsEventId"`;

type EventColumns = Pick<StoredEvent, 'caseRef' | 'eventId' | 'type' | 'date' | 'payload' | 'retractsEventId'>;

/**
 * A case's events as one JSON array of [event_id, type, date, payload] (`EventTuple`). A pass reads
 * millions of events; one JSON.parse a case costs node about half what a row an event does (a field
 * at a time), PostgreSQL's json_agg the rest. retracts_event_id is left out: the payload holds it as
 * received (toCaseEvent).
 */
const EVENTS_JSON = 'json_agg(json_build_array(event_id, type, occurred_on, payload))';

/** The events of a chunk of one LA's cases ($1, from $2 to $3), one row a case, as JSON text (EventReader.eventTexts). */
const CHUNK_EVENTS_TEXT = `
  SELECT case_ref AS "caseRef", ${EVENTS_JSON}::text AS events
  FROM events WHERE la_code = $1 AND case_ref >= $2 AND case_ref <= $3 GROUP BY case_ref`;

/**
 * One case's events (the case named by the column `caseRef`, of the LA $1) as one JSON array, read
 * by its own probe of the (la_code, case_ref) index, in date order, so nothing is sorted or grouped
 * (a statement over a list sorted every event by case first: 1,431 cases of 11,185 events, 19 ms
 * instead of 27); `also` narrows them. Null when none is read.
 */
const eventsOfCase = (caseRef: string, also = '') => `(
    SELECT ${EVENTS_JSON} FROM events e
    WHERE e.la_code = $1 AND e.case_ref = ${caseRef} ${also})`;

/** The events a timeline as of $3 reads (libs/rules timelineOf): those dated by then, and every retraction, whenever it came. */
const AS_OF = `AND (e.occurred_on <= $3::date OR e.type = 'retract')`;

/** The events of the cases named in $2 (of the LA $1), a row each. */
const eventsOfCases = (also = '') => `
  SELECT r.case_ref AS "caseRef", ${eventsOfCase('r.case_ref', also)} AS events
  FROM unnest($2::text[]) r(case_ref)`;

/** The cases named in $2 (of the LA $1), each with its events as of $3, a row a case in one statement (EventReader.eachCaseAsOf). */
const CASES_WITH_EVENTS_AS_OF = `
  SELECT c.case_ref AS "caseRef", c.pathway, c.child_ref AS "childRef", c.event_count AS "eventCount",
    ${eventsOfCase('c.case_ref', AS_OF)} AS events
  FROM cases c WHERE c.la_code = $1 AND c.case_ref = ANY($2::text[])`;

type EventTuple = [eventId: string, type: string, date: string, payload: Record<string, unknown>];
type CaseEvents = { caseRef: string; events: EventTuple[] | null };

/**
 * The event store's one way out: a case and its timeline for the case page, timelines in
 * set-based chunks (two statements per chunk: cases, then their events) for the recompute, and
 * timelines as of a past date one case at a time as each row arrives (a count over them).
 */
@Injectable()
export class EventReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findCase(la: string, caseRef: string): Promise<CaseRecord | undefined> {
    const rows: CaseRecord[] = await this.db.query(`SELECT ${CASE_COLUMNS} FROM cases WHERE la_code = $1 AND case_ref = $2`, [la, caseRef]);
    return rows[0];
  }

  /** The child each case is about, for cases that exist. */
  async childRefsOf(la: string, caseRefs: string[]): Promise<Map<string, string>> {
    if (!caseRefs.length) return new Map();
    const rows: { case_ref: string; child_ref: string }[] = await this.db.query(
      `SELECT case_ref, child_ref FROM cases WHERE la_code = $1 AND case_ref = ANY($2::text[])`,
      [la, caseRefs],
    );
    return new Map(rows.map((r) => [r.case_ref, r.child_ref]));
  }

  /** The case's whole timeline, retractions included, in date order (then arrival order). */
  async timeline(c: CaseRecord): Promise<TimelineEvent[]> {
    const rows: (EventColumns & Pick<TimelineEvent, 'source' | 'receivedAt'>)[] = await this.db.query(
      `SELECT ${EVENT_COLUMNS}, source, received_at AS "receivedAt"
       FROM events WHERE la_code = $1 AND case_ref = $2
       ORDER BY occurred_on, received_at, event_id`,
      [c.la, c.caseRef],
    );
    return rows.map((e) => ({ ...e, la: c.la, childRef: c.childRef, pathway: c.pathway }));
  }

  /**
   * The cases with their timelines. With `asOf`, only the events a timeline as of that date reads
   * (libs/rules timelineOf): those dated by then, and every retraction, whenever it came (a past
   * date's count read the assessments' later events too, 40% of them 200 days back).
   */
  async loadCases(la: string, caseRefs: string[], asOf?: string): Promise<LoadedCase[]> {
    // The cases and their events side by side (a past date's count waits on both).
    const [cases, events]: [CaseRecord[], CaseEvents[]] = await Promise.all([
      this.db.query(`SELECT ${CASE_COLUMNS} FROM cases WHERE la_code = $1 AND case_ref = ANY($2::text[]) ORDER BY case_ref`, [
        la,
        caseRefs,
      ]),
      asOf ? this.db.query(eventsOfCases(AS_OF), [la, caseRefs, asOf]) : this.db.query(eventsOfCases(), [la, caseRefs]),
    ]);
    return assemble(cases, events);
  }

  /**
   * The cases with their timelines as of `asOf` (as loadCases), each handed to `each` as its row
   * arrives and then let go, in no set order: a count over them (a past date's open assessments)
   * holds one case at a time, not every case of the part with its parsed events, which the young
   * generation's collector otherwise copied once or twice an ask. An error thrown by `each` stops
   * nothing mid-read; it is thrown once the statement ends.
   */
  async eachCaseAsOf(la: string, caseRefs: string[], asOf: string, each: (c: LoadedCase) => void): Promise<void> {
    // The DataSource's runner, so an LA-scoped DataSource scopes its connection.
    const runner = this.db.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await new Promise<void>((resolve, reject) => {
        let failed: unknown;
        const query = client.query(new Query(CASES_WITH_EVENTS_AS_OF, [la, caseRefs, asOf]));
        query.on('row', (row: Omit<CaseRecord, 'la' | 'firstEventOn' | 'lastEventOn'> & { events: EventTuple[] | null }) => {
          if (failed !== undefined) return;
          try {
            each(loaded({ ...row, la }, row.events));
          } catch (e) {
            failed = e;
          }
        });
        query.on('error', reject);
        query.on('end', () => (failed === undefined ? resolve() : reject(failed)));
      });
    } finally {
      await runner.release();
    }
  }

  /**
   * Every case, in key order, in chunks of one LA: memory holds one chunk whatever the total.
   * `after` resumes a pass that was interrupted (the last [la, caseRef] done).
   */
  async *streamAll(chunkSize: number, after: [string, string] = ['', ''], onlyLa?: string): AsyncGenerator<LoadedCase[]> {
    for await (const cases of this.caseChunks(chunkSize, after, onlyLa)) {
      const texts = await this.eventTexts(cases);
      yield cases.map((c) => this.withEvents(c, texts.get(c.caseRef)));
    }
  }

  /** streamAll's chunks without their events (eventTexts reads them): each chunk one LA's, never empty. */
  async *caseChunks(chunkSize: number, after: [string, string] = ['', ''], onlyLa?: string): AsyncGenerator<CaseRecord[]> {
    let [la, caseRef] = onlyLa && after[0] < onlyLa ? [onlyLa, ''] : after;
    for (;;) {
      const cases: CaseRecord[] = await this.db.query(
        `SELECT ${CASE_COLUMNS} FROM cases
         WHERE (la_code, case_ref) > ($1, $2) AND la_code = (
           SELECT min(la_code) FROM cases WHERE (la_code, case_ref) > ($1, $2))
         ORDER BY la_code, case_ref LIMIT $3`,
        [la, caseRef, chunkSize],
      );
      if (!cases.length) return;
      const chunkLa = cases[0].la;
      if (onlyLa && chunkLa !== onlyLa) return;
      yield cases;
      [la, caseRef] = [chunkLa, cases[cases.length - 1].caseRef];
    }
  }

  /**
   * The events of a chunk of caseChunks, a case's as its JSON text (no entry: none), parsed only
   * when the case is evaluated (withEvents). A chunk read ahead of its evaluation then holds a
   * string a case, not every event parsed, which the young generation's collector copied once or
   * twice and then promoted. A backfill at 1,000,000 cases, in turns: node's CPU 44-46 s against
   * 49-52 s (scavenges 5.7 s against 8 s), 57.2-59.2 s against 60.6-62.8 s.
   */
  async eventTexts(cases: CaseRecord[]): Promise<Map<string, string>> {
    const rows: { caseRef: string; events: string }[] = await this.db.query(CHUNK_EVENTS_TEXT, [
      cases[0].la,
      cases[0].caseRef,
      cases[cases.length - 1].caseRef,
    ]);
    return new Map(rows.map((r) => [r.caseRef, r.events]));
  }

  /** A case of caseChunks with its events' text from eventTexts (undefined: none), ready for libs/rules. */
  withEvents(c: CaseRecord, eventsText: string | undefined): LoadedCase {
    return loaded(c, eventsText === undefined ? null : (JSON.parse(eventsText) as EventTuple[]));
  }

  /** The cases of an LA with a standing or retracted event of one type (say, every case with an exception), in key order. */
  async caseRefsWithEvent(la: string, pathway: Pathway, type: string): Promise<string[]> {
    const rows: { case_ref: string }[] = await this.db.query(
      `SELECT DISTINCT case_ref FROM events WHERE la_code = $1 AND pathway = $2 AND type = $3 ORDER BY case_ref`,
      [la, pathway, type],
    );
    return rows.map((r) => r.case_ref);
  }

  /** LAs that have cases (a skip scan of the key: one probe per LA), for per-LA jobs and choosers. */
  async laCodesWithCases(): Promise<string[]> {
    const rows: { la_code: string }[] = await this.db.query(
      `WITH RECURSIVE las AS (
         (SELECT la_code FROM cases ORDER BY la_code LIMIT 1)
         UNION ALL
         SELECT (SELECT c.la_code FROM cases c WHERE c.la_code > las.la_code ORDER BY c.la_code LIMIT 1)
         FROM las WHERE las.la_code IS NOT NULL
       ) SELECT la_code FROM las WHERE la_code IS NOT NULL`,
    );
    return rows.map((r) => r.la_code);
  }
}

function assemble(cases: CaseRecord[], events: CaseEvents[]): LoadedCase[] {
  const byRef = new Map(events.map((e) => [e.caseRef, e.events]));
  return cases.map((c) => loaded(c, byRef.get(c.caseRef) ?? null));
}

/** A case and its events' tuples as libs/rules reads them. */
function loaded(c: Pick<CaseRecord, 'la' | 'caseRef' | 'pathway' | 'childRef' | 'eventCount'>, events: EventTuple[] | null): LoadedCase {
  return {
    la: c.la,
    caseRef: c.caseRef,
    pathway: c.pathway,
    childRef: c.childRef,
    eventCount: c.eventCount,
    events: (events ?? []).map(([eventId, type, date, payload]) =>
      toCaseEvent({
        eventId,
        la: c.la,
        caseRef: c.caseRef,
        childRef: c.childRef,
        pathway: c.pathway,
        type,
        date,
        payload,
        retractsEventId: null,
      }),
    ),
  };
}
