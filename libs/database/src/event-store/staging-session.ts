import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { type Duplex, Readable, Writable } from 'node:stream';
import { copyText } from './copy-text';
import type { RecordError } from './record-error';
import * as sql from './staging.sql';
import type { EventSource, StoredEvent } from './stored-event';

export interface StagedWrite {
  distinctEvents: number;
  inserted: number;
  cases: number;
  duplicateIds: string[] | null;
  /** Of the cases, those the store did not hold before (counted when PartsOptions.countNewCases; null otherwise). */
  newCases: number | null;
  /**
   * Replays that conflict with an event another transaction committed after `check` (a race the
   * check could not see). Not empty: the caller must refuse the batch, so the transaction rolls back.
   */
  conflicts: RecordError[];
}

export interface CheckOptions {
  /**
   * Compare replays with the stored events (default true). Only the seed turns it off: its ids
   * come from the synthetic case and its dates from the as-of day, so re-seeding an area on
   * another day replays the same ids with other dates, and the stored events stand.
   */
  storedConflicts?: boolean;
}

/** COPY text lines (see stageLine; a Buffer from CopyChunk) of the rows with idx below `below` not sent before. */
export interface StageChunk {
  text: string | Buffer;
  below: number;
}

/** Chunks' COPY text as one Buffer: a part goes to PostgreSQL in one write. */
export function joinedText(texts: readonly (string | Buffer)[]): Buffer {
  return Buffer.concat(texts.map((t) => (typeof t === 'string' ? Buffer.from(t) : t)));
}

/** How a batch or file is written in parts (see StagingSession.partsSink). */
export interface PartsOptions {
  /** COPY text per part. */
  partBytes: number;
  /**
   * While no part is being written, a part goes as soon as it holds this much (default: only when
   * full). A batch sends whatever is validated whenever PostgreSQL is free, so it never waits for
   * node and its last part is small; a file's parts stay large (each has a statement's fixed cost).
   */
  eagerBytes?: number;
  /** The most conflicts an answer lists. */
  limit: number;
  /** False once the batch or file has a problem: no part is written after. */
  writing: () => boolean;
  /** Stage the parts not written (a batch, whose answer lists every problem); a file's are dropped. */
  stageUnwritten?: boolean;
  /** Keep the ids of replays of stored events (a batch's answer lists them). */
  listDuplicates?: boolean;
  /** Count the cases the store did not hold before (a file's import record keeps them). */
  countNewCases?: boolean;
}

/** A stored event an import no longer states (its envelope, enough to retract it). */
export interface StaleEvent {
  la: string;
  eventId: string;
  caseRef: string;
  childRef: string;
  pathway: string;
}

/** A staged row: the event and its index in the batch or file. */
export interface StageRow {
  idx: number;
  event: StoredEvent;
}

/** A value as copyLine writes it. */
const cell = (v: string | null | undefined): string => (v === null || v === undefined ? '\\N' : copyText(String(v)));

/** A staged event as one COPY text line, in the stage's column order (copyLine's, without an array per row). */
export function stageLine(idx: number, e: StoredEvent): string {
  return (
    `${idx}\t${cell(e.eventId)}\t${cell(e.la)}\t${cell(e.caseRef)}\t${cell(e.childRef)}\t${cell(e.pathway)}\t` +
    `${cell(e.type)}\t${cell(e.date)}\t${cell(JSON.stringify(e.payload))}\t${cell(e.retractsEventId)}\n`
  );
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

function conflictError(r: { idx: number; event_id: string; fields: string[] }): RecordError {
  return {
    index: r.idx,
    eventId: r.event_id,
    field: 'eventId',
    reason:
      `eventId ${r.event_id} is already stored with different content (${r.fields.join(', ')}); ` +
      'to change an event, retract it and send the right one under a new eventId',
    conflictingFields: r.fields,
  };
}

/** One open staging transaction: feed it, check it, write it or let it roll back. */
export class StagingSession {
  /**
   * What the comparison with the stored events (compareStored) found so far: staged rows below
   * `below` compared, `ids` of them found stored (for the write to notice a race), the first
   * `limit` conflicts. Unset while it has not run.
   */
  private stored?: { below: number; ids: number; conflicts: RecordError[]; limit: number };
  /** Written in parts so far (see writePart): rows below this idx, and their counts. */
  private parts?: {
    below: number;
    distinctEvents: number;
    inserted: number;
    /**
     * Rows of the parts that repeat an id of the file (within their part, or one an earlier part
     * wrote): while there are none, the repeat check need not read the parts. Replays of stored
     * events are not repeats: a re-imported file skips every row, and grouping its whole stage by
     * id found nothing (3 s for 1,100,000 rows). A replayed id repeated in a later part is compared
     * with the stored event there (compareStored), so a repeat with other content is still refused.
     */
    repeats: number;
    /** Rows were staged after the last part (an extract's retractions). */
    stagedAfter: boolean;
    /** Ids of the parts' replays of stored events, first seen first, when the answer lists them (a batch's). */
    duplicateIds: Set<string> | null;
    countNewCases: boolean;
  };

  /**
   * On a client inside a transaction that ran OPENING, and PARTS_OPENING when `partsReady`
   * (EventWriter.inStagingTransaction, inPartsTransaction).
   */
  constructor(
    private readonly client: PoolClient,
    private readonly partsReady = false,
  ) {}

  /** What every session needs made before anything is staged (sent with the transaction's opening). */
  static readonly OPENING = [sql.CREATE_STAGE] as const;

  /**
   * What writing in parts needs besides (a batch's, a file's): sent with the opening when the
   * caller writes in parts, not a round trip before the first part. Not for the seed, which writes
   * whole: its stage's COPY kept the index on idx up for nothing (200,000 cases seeded 13 to 19%
   * slower in two pairs of runs).
   */
  static readonly PARTS_OPENING = [sql.FILE_WORK_MEM, sql.CREATE_WRITTEN, sql.INDEX_STAGE_PARTS] as const;

  /** Stages a batch held in memory through COPY, the fastest way into PostgreSQL. */
  async stageRows(rows: StageRow[]): Promise<void> {
    if (!rows.length) return;
    const lines = rows.map(({ idx, event }) => stageLine(idx, event));
    await this.copyIntoStage(Readable.from(chunked(lines)));
  }

  /** Streams a source through transforms that end in COPY text lines (see stageLine) into the stage. */
  async copyIntoStage(source: Readable, ...transforms: Duplex[]): Promise<void> {
    if (this.parts) this.parts.stagedAfter = true;
    await this.copy(source, ...transforms);
  }

  /** Stages COPY text already rendered (see stageLine), as one COPY. */
  async copyText(chunks: string[]): Promise<void> {
    if (chunks.length) await this.copyIntoStage(Readable.from(chunks));
  }

  private async copy(source: Readable, ...transforms: Duplex[]): Promise<void> {
    await pipeline([source, ...transforms, this.client.query(copyFrom(sql.COPY_INTO_STAGE))]);
  }

  /**
   * Writes the staged rows below idx `below` not written yet into events, in this transaction, so
   * PostgreSQL inserts one part of a batch or file while node reads the next, and compares the part with the
   * stored events. The other checks run on the whole stage at the end (they see these rows as
   * staged, not as stored), and `write` then writes the rest, the cases and the recompute outbox.
   * Nothing is committed before.
   */
  async writePart(
    source: EventSource,
    below: number,
    limit: number,
    { listDuplicates = false, countNewCases = false } = {},
  ): Promise<void> {
    if (!this.parts) {
      if (!this.partsReady) throw new Error('written in parts on a session opened without PARTS_OPENING (EventWriter.inPartsTransaction)');
      this.parts = {
        below: 0,
        distinctEvents: 0,
        inserted: 0,
        repeats: 0,
        stagedAfter: false,
        duplicateIds: listDuplicates ? new Set() : null,
        countNewCases,
      };
    }
    const from = this.parts.below;
    const { rows } = await this.client.query(sql.WRITE_PART, [source, from, below, listDuplicates]);
    this.parts.below = below;
    this.parts.distinctEvents += rows[0].distinct_events;
    this.parts.inserted += rows[0].inserted;
    this.parts.repeats += rows[0].staged - rows[0].distinct_events;
    // A replayed id repeated in two parts is listed once, where it first came (a Set keeps that order).
    for (const id of (rows[0].duplicate_ids as string[] | null) ?? []) this.parts.duplicateIds?.add(id);
    // A part that inserted every row it staged holds no replay: nothing of it was stored (the unique
    // key would have skipped it), so there is nothing to compare. Otherwise compared now, after its
    // insert: the check sees every commit the insert waited for.
    if (rows[0].staged > rows[0].inserted) await this.compareStored(limit, below);
    else this.stored = { below, ids: this.stored?.ids ?? 0, conflicts: this.stored?.conflicts ?? [], limit };
  }

  /**
   * A sink for COPY text that stages and writes it in parts of about `partBytes`: while PostgreSQL
   * copies and inserts one part, the pipeline before it reads and validates the next (at most one
   * part waits). Once `writing()` is false (the batch or file already has a problem, so will be
   * refused) parts are no longer written: a file's are dropped, a batch's still staged
   * (`stageUnwritten`), so its set checks can list every problem in one answer.
   */
  partsSink(source: EventSource, options: PartsOptions): StagePartsSink {
    const { partBytes, limit, writing, stageUnwritten = false } = options;
    return new StagePartsSink(
      async (text, below) => {
        if (!writing()) {
          if (stageUnwritten && text.length) await this.copyIntoStage(Readable.from(text));
          return;
        }
        // One write: a part sent chunk by chunk waits between chunks for node's next validation slice.
        if (text.length) await this.copy(Readable.from([joinedText(text)]));
        await this.writePart(source, below, limit, options);
      },
      partBytes,
      options.eagerBytes,
    );
  }

  async indexStage(): Promise<void> {
    for (const statement of sql.INDEX_STAGE) await this.client.query(statement);
  }

  /**
   * The one comparison of staged rows with the stored events (CHECK_STORED_CONFLICTS: a replay with
   * other content is a conflict): the rows from where the last call stopped up to `below` (all that
   * are left, by default), its findings added to the earlier ones. A file's parts call it after
   * each insert, the set checks for what is left, the write again from the start after a race.
   */
  private async compareStored(limit: number, below = 2 ** 31 - 1): Promise<RecordError[]> {
    const from = this.stored?.below ?? 0;
    const { rows } = await this.client.query(sql.CHECK_STORED_CONFLICTS, [limit, from, below]);
    const errors = rows.filter((r) => r.idx !== null).map(conflictError);
    this.stored = {
      below,
      ids: (this.stored?.ids ?? 0) + rows[0].stored_ids,
      conflicts: [...(this.stored?.conflicts ?? []), ...errors].slice(0, limit),
      limit,
    };
    return this.stored.conflicts;
  }

  /** Cross-record checks as sets: replays with other content, repeated ids, case identity, retract targets. */
  async check(limit: number, { storedConflicts = true }: CheckOptions = {}): Promise<RecordError[]> {
    const errors: RecordError[] = [];
    // Parts with nothing staged after them were each compared as they were written (or held no replay).
    const nothingAfterParts = this.parts !== undefined && !this.parts.stagedAfter;
    if (storedConflicts) {
      const compared = nothingAfterParts && this.stored?.below === this.parts?.below;
      errors.push(...(compared ? this.stored!.conflicts : await this.compareStored(limit)));
    }
    // Parts that held no repeated id: only the rows staged after them are left to look at (none: no check).
    const repeatsFrom = this.parts && !this.parts.repeats ? this.parts.below : 0;
    if (this.parts && (this.parts.repeats || this.parts.stagedAfter)) await this.client.query(sql.INDEX_STAGE_IDS);
    const repeated =
      nothingAfterParts && repeatsFrom ? { rows: [] } : await this.client.query(sql.CHECK_REPEATED_IDS, [limit, repeatsFrom]);
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

  /**
   * Stored events of the staged cases, with ids starting `prefix` (and of `types`, when given), that
   * the stage no longer holds (see STALE_PREFIXED).
   */
  async staleEvents(prefix: string, types?: readonly string[]): Promise<StaleEvent[]> {
    const params = [prefix, types ?? null];
    if (!(await this.client.query(sql.ANY_STORED_PREFIXED, params)).rows[0].any) return [];
    // The staged ids are hashed once (the stage was analyzed: its size is known), not looked up by
    // an index per stored event: a file re-imported whole probed 1,100,000 times into an index
    // larger than temp_buffers (5.3 s, and 1-2 s more to build the index).
    const { rows } = await this.client.query(sql.STALE_PREFIXED, params);
    return rows.map((r: { la_code: string; event_id: string; case_ref: string; child_ref: string; pathway: string }) => ({
      la: r.la_code,
      eventId: r.event_id,
      caseRef: r.case_ref,
      childRef: r.child_ref,
      pathway: r.pathway,
    }));
  }

  /** Writes what is staged (after any parts: the rest), its cases and recompute requests. */
  async write(source: EventSource): Promise<StagedWrite> {
    const written = this.parts ? await this.writeAfterParts(source) : await this.writeAll(source);
    // More ids skipped than the check found stored: another transaction committed one of them in
    // between (the insert waited for it), unseen by the check. Only then compare again; this
    // statement sees that commit. Without a race this costs nothing.
    const skipped = written.distinctEvents - written.inserted;
    if (this.stored && skipped > this.stored.ids) {
      const { limit } = this.stored;
      this.stored = undefined;
      return { ...written, conflicts: await this.compareStored(limit) };
    }
    return { ...written, conflicts: [] };
  }

  /** Without parts (the seed), no duplicates are listed: a batch's answer lists them from its parts. */
  private async writeAll(source: EventSource): Promise<Omit<StagedWrite, 'conflicts'>> {
    const { rows } = await this.client.query(sql.WRITE_STAGED, [source]);
    const r = rows[0];
    return { distinctEvents: r.distinct_events, inserted: r.inserted, cases: r.cases, duplicateIds: null, newCases: null };
  }

  /** A batch written in parts lists its replays (see writePart); a file does not. */
  private async writeAfterParts(source: EventSource): Promise<Omit<StagedWrite, 'conflicts'>> {
    const parts = this.parts!;
    const { rows } = await this.client.query(sql.WRITE_STAGED_AFTER_PARTS, [source, parts.below, parts.countNewCases]);
    const r = rows[0];
    return {
      distinctEvents: parts.distinctEvents + r.distinct_events,
      inserted: parts.inserted + r.inserted,
      cases: r.cases,
      duplicateIds: parts.duplicateIds && [...parts.duplicateIds],
      newCases: r.new_cases,
    };
  }
}

/** See StagingSession.partsSink. */
export class StagePartsSink extends Writable {
  private part: (string | Buffer)[] = [];
  private size = 0;
  private below = 0;
  /** The `below` of the last part sent (-1: none yet). */
  private sentBelow = -1;
  /** A part is being written, or waits for the one before: PostgreSQL is busy with this transaction. */
  private busy = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly writePart: (text: (string | Buffer)[], below: number) => Promise<void>,
    private readonly partBytes: number,
    /** While PostgreSQL is idle, a part goes as soon as it holds this much (see PartsOptions). */
    private readonly eagerBytes = partBytes,
  ) {
    super({ objectMode: true });
  }

  /** Resolves once no part is in flight: the transaction may end only then. */
  idle(): Promise<void> {
    return this.inFlight.catch(() => undefined);
  }

  override _write(chunk: StageChunk, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.part.push(chunk.text);
    this.size += chunk.text.length;
    this.below = chunk.below;
    // A part goes when it is full or, while PostgreSQL is idle, once it holds eagerBytes; the first
    // goes with the first chunk. PostgreSQL need not wait idle for a whole part.
    const full = this.size >= this.partBytes;
    if (!full && (this.busy || (this.sentBelow >= 0 && this.size < this.eagerBytes))) return done();
    this.send().then(() => done(), done);
  }

  override _final(done: (e?: Error | null) => void): void {
    const rest = this.size > 0 || this.below > this.sentBelow ? this.send() : this.inFlight;
    rest.then(() => this.inFlight).then(() => done(), done);
  }

  /**
   * Queues what is pending as the next part, behind the one in flight, and resolves once that one
   * is written (so its error surfaces here); this part then starts at once.
   */
  private send(): Promise<void> {
    const text = this.part;
    const below = this.below;
    this.part = [];
    this.size = 0;
    this.sentBelow = below;
    this.busy = true;
    const previous = this.inFlight;
    const part = previous.then(() => this.writePart(text, below));
    this.inFlight = part;
    part.then(
      () => this.partWritten(part),
      () => undefined, // surfaced by the next send or _final
    );
    return previous;
  }

  /**
   * PostgreSQL is free again: what was validated meanwhile goes now, not when the next chunk
   * comes (node may be a whole validation slice away from it).
   */
  private partWritten(part: Promise<void>): void {
    if (this.inFlight !== part) return;
    this.busy = false;
    if (this.size > 0 && this.size >= this.eagerBytes && !this.writableFinished) void this.send();
  }
}
