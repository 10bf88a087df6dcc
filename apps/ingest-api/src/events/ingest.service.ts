import { Injectable, PayloadTooLargeException } from '@nestjs/common';
import { writableLas } from '@app/access';
import { AppConfig, Clock } from '@app/config';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate } from 'node:timers/promises';
import { CopyChunk, type EventSource, EventWriter, joinedText, type StageChunk, stageLine, toStoredEvent } from '@app/database';
import { Metrics } from '@app/metrics';
import type { CaseEvent } from '@app/rules';
import { validateEventRecord, type ValidationContext } from './event-validator';
import { IngestRejectedError, type RecordError } from './ingest-error';
import { readAhead } from './read-ahead';
import { jsonRecordSlices, type RecordSlice } from './json-record-slices';
import { recordControlErrors } from '../common/control-characters';

/** How a batch's JSON text is read (IngestService.ingestJson). */
export interface JsonBatchReading {
  /** The most bytes the body may hold (413 beyond). */
  byteLimit: number;
  /** Sees each slice of records as it is read (what the body names, for the audit). */
  onSlice?: (slice: RecordSlice) => void;
  /** Runs once the whole body is read, before anything is decided (the gate's check of the LAs it named). */
  afterRead: () => Promise<void>;
}

export interface IngestResult {
  received: number;
  inserted: number;
  duplicates: number;
  duplicateEventIds: string[];
  cases: number;
}

const LA_CACHE_MS = 5 * 60_000;
/**
 * Records validated between looks at PostgreSQL's answers (about half a millisecond): each answer,
 * and so the statement after it, waits for the slice in hand. Slices of 500 left PostgreSQL idle
 * for 2-5 ms at each of a part's statements.
 */
const STAGE_SLICE = 100;
/** The most COPY text a part of a batch holds (about 4,500 events); most are smaller (PartsOptions.eagerBytes). */
export const BATCH_PART_BYTES = 512 * 1024;

/** A parsed batch in slices of STAGE_SLICE records, as a JSON body is read (a parsed body was checked for control characters). */
async function* slicesOf(records: unknown[]): AsyncGenerator<RecordSlice> {
  for (let from = 0; from < records.length; from += STAGE_SLICE) {
    yield { records: records.slice(from, from + STAGE_SLICE), from, plain: true };
  }
}

/** Accepts batches of events: validates every record, then writes all or nothing. */
@Injectable()
export class IngestService {
  private las?: { codes: Set<string>; at: number };

  constructor(
    private readonly store: EventWriter,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  async validationContext(): Promise<ValidationContext> {
    const now = this.clock.now().getTime();
    if (!this.las || now - this.las.at > LA_CACHE_MS) {
      this.las = { codes: await this.store.knownLaCodes(), at: now };
    }
    // A request may write only its principal's LAs (row security would refuse the rest anyway).
    const scope = writableLas();
    const writable = scope === undefined || scope === '*' ? undefined : new Set(scope);
    return { knownLas: this.las.codes, today: this.clock.todayInLondon(), writableLas: writable };
  }

  /** One event or a batch, already parsed. Throws IngestRejectedError (nothing written) if any record is bad. */
  async ingest(body: unknown, source: EventSource = 'api'): Promise<IngestResult> {
    const records = Array.isArray(body) ? body : [body];
    if (records.length > this.config.ingestMaxBatch) throw this.overLimit(records.length);
    return this.counted(source, this.writeSlices(slicesOf(records), source));
  }

  /**
   * A batch's JSON text as it arrives (POST /v1/events): its records are validated and written a
   * slice at a time while the rest is still being read and parsed (jsonRecordSlices), all in the
   * one transaction, so nothing is written unless all of it is good. `read.afterRead` runs once
   * the whole body is read, before anything is decided: the gate's check of the LAs it names.
   */
  ingestJson(body: AsyncIterable<Buffer>, read: JsonBatchReading): Promise<IngestResult> {
    const slices = jsonRecordSlices(body, { size: STAGE_SLICE, byteLimit: read.byteLimit });
    return this.counted('api', this.writeSlices(slices, 'api', read));
  }

  private async counted(source: EventSource, work: Promise<IngestResult>): Promise<IngestResult> {
    try {
      const result = await work;
      this.metrics.eventsIngested.inc({ source }, result.inserted);
      return result;
    } catch (e) {
      if (e instanceof IngestRejectedError) this.metrics.eventsRefused.inc({ source }, e.records);
      throw e;
    }
  }

  private overLimit(received: number): PayloadTooLargeException {
    return new PayloadTooLargeException(`a batch of ${received} events is over the limit of ${this.config.ingestMaxBatch}; split it`);
  }

  private async writeSlices(slices: AsyncIterable<RecordSlice>, source: EventSource, read?: JsonBatchReading): Promise<IngestResult> {
    const max = this.config.ingestMaxBatch;
    const ctx = await this.validationContext();
    const errors: RecordError[] = [];
    // Control characters are refused before any other check, as NoControlCharactersPipe refuses them in a parsed body.
    const controlErrors: RecordError[] = [];
    let received = 0;
    // Validated a slice at a time and written in parts, as a file is: PostgreSQL copies and
    // inserts one part while node validates the next, and a part of fresh ids is never compared
    // with the stored events (nothing of it was stored). Once a record is bad nothing more is
    // written, but the valid records are still staged, for the cross-record checks below.
    // Lines go into a Buffer (CopyChunk), not a string rope that lives until the socket flattens it.
    async function* stageText(): AsyncGenerator<StageChunk> {
      const text = new CopyChunk();
      for await (const slice of slices) {
        read?.onSlice?.(slice);
        received = slice.from + slice.records.length;
        // Over the limit: only counted from here on, for the answer.
        if (received > max) continue;
        const control = slice.plain ? [] : recordControlErrors(slice.records, slice.from);
        controlErrors.push(...control);
        const refused = control.length ? new Set(control.map((e) => e.index)) : undefined;
        for (let k = 0; k < slice.records.length; k++) {
          const idx = slice.from + k;
          if (refused?.has(idx)) continue;
          const result = validateEventRecord(slice.records[k], idx, ctx);
          if (result.errors) errors.push(...result.errors);
          else text.append(stageLine(idx, result.event));
        }
        if (text.bytes) yield { text: text.take(), below: received };
        // Let PostgreSQL's answers in: a generator that never waits would validate the whole batch
        // before the first part's COPY is even sent.
        await setImmediate();
      }
    }
    // Validation starts now; the transaction opens beside it once the body's first slice has been
    // read (or has failed: a body that is not JSON opens no transaction).
    const staged = readAhead(stageText(), (chunks) => ({
      text: joinedText(chunks.map((c) => c.text)),
      below: chunks[chunks.length - 1].below,
    }));
    await staged.started;
    return this.store.inPartsTransaction(async (session) => {
      const sink = session.partsSink(source, {
        partBytes: BATCH_PART_BYTES,
        eagerBytes: 0,
        limit: max,
        writing: () => errors.length === 0 && controlErrors.length === 0 && received <= max,
        stageUnwritten: true,
        listDuplicates: true,
      });
      await pipeline(Readable.from(staged), sink).catch(async (e: unknown) => {
        await sink.idle();
        throw e;
      });
      await read?.afterRead();
      if (controlErrors.length) throw new IngestRejectedError(controlErrors, received);
      if (received > max) throw this.overLimit(received);
      // Cross-record checks run even when some records failed, so one answer lists every problem.
      errors.push(...(await session.check(max)));
      if (errors.length)
        throw new IngestRejectedError(
          errors.sort((a, b) => a.index - b.index),
          received,
        );
      const written = await session.write(source);
      if (written.conflicts.length) throw new IngestRejectedError(written.conflicts, received);
      return {
        received,
        inserted: written.inserted,
        duplicates: received - written.inserted,
        duplicateEventIds: written.duplicateIds ?? [],
        cases: written.cases,
      };
    });
  }

  /**
   * Writes events from a source the system itself generates (the synthetic seed): no per-record
   * validation, but the same staging, set-based checks and single-statement write. Replays are not
   * compared with the stored events (see CheckOptions): a re-seed keeps what is stored.
   */
  async ingestTrusted(events: CaseEvent[], source: EventSource): Promise<IngestResult> {
    const rows = events.map((e, idx) => ({ idx, event: toStoredEvent(e as unknown as Record<string, unknown>) }));
    const result = await this.store.inStagingTransaction(async (session) => {
      await session.stageRows(rows);
      const errors = await session.check(100, { storedConflicts: false });
      if (errors.length) throw new IngestRejectedError(errors, events.length);
      const written = await session.write(source);
      return {
        received: events.length,
        inserted: written.inserted,
        duplicates: events.length - written.inserted,
        duplicateEventIds: [],
        cases: written.cases,
      };
    });
    this.metrics.eventsIngested.inc({ source }, result.inserted);
    return result;
  }
}
