import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { type Duplex, Readable } from 'node:stream';
import { copyLine } from './copy-text';
import type { RecordError } from './record-error';
import * as sql from './staging.sql';
import type { EventSource, StoredEvent } from './stored-event';

export interface StagedWrite {
  distinctEvents: number;
  inserted: number;
  cases: number;
  duplicateIds: string[] | null;
}

/** A staged row: the event and its index in the batch or file. */
export interface StageRow {
  idx: number;
  event: StoredEvent;
}

/** A staged event as one COPY text line, in the stage's column order. */
export function stageLine(idx: number, e: StoredEvent): string {
  const payload = JSON.stringify(e.payload);
  return copyLine([idx, e.eventId, e.la, e.caseRef, e.childRef, e.pathway, e.type, e.date, payload, e.retractsEventId]);
}

/** Joins lines into ~256 KB strings: one COPY message per row would cost a write each. */
function* chunked(lines: string[]): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

function retractReason(r: { target_case: string | null; target_type: string | null; retracts_event_id: string }): string {
  if (!r.target_case) return `retractsEventId ${r.retracts_event_id} is not an event of this LA`;
  if (r.target_type === 'retract') return `retractsEventId ${r.retracts_event_id} is itself a retract; send the event again instead`;
  return `retractsEventId ${r.retracts_event_id} belongs to another case`;
}

/** One open staging transaction: feed it, check it, write it or let it roll back. */
export class StagingSession {
  constructor(private readonly client: PoolClient) {}

  /** Stages a batch held in memory through COPY, the fastest way into PostgreSQL. */
  async stageRows(rows: StageRow[]): Promise<void> {
    if (!rows.length) return;
    const lines = rows.map(({ idx, event }) => stageLine(idx, event));
    await this.copyIntoStage(Readable.from(chunked(lines)));
  }

  /** Streams a source through transforms that end in COPY text lines (see stageLine) into the stage. */
  async copyIntoStage(source: Readable, ...transforms: Duplex[]): Promise<void> {
    await pipeline([source, ...transforms, this.client.query(copyFrom(sql.COPY_INTO_STAGE))]);
  }

  async indexStage(): Promise<void> {
    for (const statement of sql.INDEX_STAGE) await this.client.query(statement);
  }

  /** Cross-record checks as sets: repeated ids, case identity, retract targets. */
  async check(limit: number): Promise<RecordError[]> {
    const errors: RecordError[] = [];
    const repeated = await this.client.query(sql.CHECK_REPEATED_IDS, [limit]);
    for (const r of repeated.rows) {
      errors.push({
        index: r.idx,
        eventId: r.event_id,
        field: 'eventId',
        reason: `eventId ${r.event_id} is repeated with different content (first at index ${r.first_idx})`,
      });
    }
    const identity = await this.client.query(sql.CHECK_CASE_IDENTITY, [limit]);
    for (const r of identity.rows) {
      if (r.pathway !== r.case_pathway) {
        errors.push({
          index: r.idx,
          eventId: r.event_id,
          field: 'pathway',
          reason: `case ${r.case_ref} is on pathway ${r.case_pathway}, not ${r.pathway}`,
        });
      }
      if (r.other_child) {
        errors.push({
          index: r.idx,
          eventId: r.event_id,
          field: 'childRef',
          reason: `case ${r.case_ref} is recorded for a different childRef`,
        });
      }
    }
    const retracts = await this.client.query(sql.CHECK_RETRACT_TARGETS, [limit]);
    for (const r of retracts.rows) errors.push({ index: r.idx, eventId: r.event_id, field: 'retractsEventId', reason: retractReason(r) });
    return errors.sort((a, b) => a.index - b.index);
  }

  async write(source: EventSource, listDuplicates: boolean): Promise<StagedWrite> {
    const { rows } = await this.client.query(sql.WRITE_STAGED, [source, listDuplicates]);
    const r = rows[0];
    return { distinctEvents: r.distinct_events, inserted: r.inserted, cases: r.cases, duplicateIds: r.duplicate_ids };
  }
}
