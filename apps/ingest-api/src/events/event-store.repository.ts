import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { type Duplex, Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import type { RecordError } from './ingest-error';
import * as sql from './staging.sql';
import { copyLine } from '../imports/copy-text';
import type { StoredEventInput } from './stored-event';

export interface StagedWrite {
  distinctEvents: number;
  inserted: number;
  cases: number;
  duplicateIds: string[] | null;
}

export type EventSource = 'api' | 'import' | 'seed';

/** A staged row: the event and its index in the batch or file. */
export interface StageRow {
  idx: number;
  event: StoredEventInput;
}

/** A staged event as one COPY text line, in STAGE_COLUMNS order. */
export function stageLine(idx: number, e: StoredEventInput): string {
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

/** One open staging transaction: feed it, check it, write it or let it roll back. */
export class StagingSession {
  constructor(readonly client: PoolClient) {}

  /** Stages a batch held in memory through COPY, the fastest way into PostgreSQL. */
  async stageRows(rows: StageRow[]): Promise<void> {
    if (!rows.length) return;
    const lines = rows.map(({ idx, event }) => stageLine(idx, event));
    await this.copyIntoStage(Readable.from(chunked(lines)));
  }

  /** Streams a source through transforms that end in COPY text lines (see copyLine) into the stage. */
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
    for (const r of retracts.rows) {
      const reason = !r.target_case
        ? `retractsEventId ${r.retracts_event_id} is not an event of this LA`
        : r.target_case !== undefined && r.target_type === 'retract'
          ? `retractsEventId ${r.retracts_event_id} is itself a retract; send the event again instead`
          : `retractsEventId ${r.retracts_event_id} belongs to another case`;
      errors.push({ index: r.idx, eventId: r.event_id, field: 'retractsEventId', reason });
    }
    return errors.sort((a, b) => a.index - b.index);
  }

  async write(source: EventSource, listDuplicates: boolean): Promise<StagedWrite> {
    const { rows } = await this.client.query(sql.WRITE_STAGED, [source, listDuplicates]);
    const r = rows[0];
    return { distinctEvents: r.distinct_events, inserted: r.inserted, cases: r.cases, duplicateIds: r.duplicate_ids };
  }
}

/** The only code that reads or writes the events and cases tables. */
@Injectable()
export class EventStoreRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Runs `work` in one transaction with a fresh staging table. A throw rolls everything back,
   * so a rejected batch or file leaves nothing behind.
   */
  async inStagingTransaction<T>(work: (session: StagingSession) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await client.query('BEGIN');
      await client.query(sql.CREATE_STAGE);
      const result = await work(new StagingSession(client));
      await client.query('COMMIT');
      return result;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      await runner.release();
    }
  }

  async knownLaCodes(): Promise<Set<string>> {
    const rows: { la_code: string }[] = await this.dataSource.query('SELECT la_code FROM local_authorities');
    return new Set(rows.map((r) => r.la_code));
  }

  async findCase(la: string, caseRef: string) {
    const rows = await this.dataSource.query(
      `SELECT la_code, case_ref, pathway, child_ref, first_event_on::text, last_event_on::text, event_count,
              created_at, updated_at
       FROM cases WHERE la_code = $1 AND case_ref = $2`,
      [la, caseRef],
    );
    return rows[0] as CaseRow | undefined;
  }

  /** The case's whole timeline, retractions included, in date order (then arrival order). */
  async caseEvents(la: string, caseRef: string): Promise<EventRow[]> {
    return this.dataSource.query(
      `SELECT event_id, type, occurred_on::text, payload, retracts_event_id, source, received_at
       FROM events WHERE la_code = $1 AND case_ref = $2
       ORDER BY occurred_on, received_at, event_id`,
      [la, caseRef],
    );
  }
}

export interface CaseRow {
  la_code: string;
  case_ref: string;
  pathway: string;
  child_ref: string;
  first_event_on: string;
  last_event_on: string;
  event_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface EventRow {
  event_id: string;
  type: string;
  occurred_on: string;
  payload: Record<string, unknown>;
  retracts_event_id: string | null;
  source: string;
  received_at: Date;
}
