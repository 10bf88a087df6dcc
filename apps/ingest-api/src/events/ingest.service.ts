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

  /** One event or a batch. Throws IngestRejectedError (nothing written) if any record is bad. */
  async ingest(body: unknown, source: EventSource = 'api'): Promise<IngestResult> {
    try {
      const result = await this.validateAndWrite(body, source);
      this.metrics.eventsIngested.inc({ source }, result.inserted);
      return result;
    } catch (e) {
      if (e instanceof IngestRejectedError) this.metrics.eventsRefused.inc({ source }, e.records);
      throw e;
    }
  }

  private async validateAndWrite(body: unknown, source: EventSource): Promise<IngestResult> {
    const records = Array.isArray(body) ? body : [body];
    if (records.length > this.config.ingestMaxBatch) {
      throw new PayloadTooLargeException(
        `a batch of ${records.length} events is over the limit of ${this.config.ingestMaxBatch}; split it`,
      );
    }
    const ctx = await this.validationContext();
    const errors: RecordError[] = [];
    // Validated a slice at a time and written in parts, as a file is: PostgreSQL copies and
    // inserts one part while node validates the next, and a part of fresh ids is never compared
    // with the stored events (nothing of it was stored). Once a record is bad nothing more is
    // written, but the valid records are still staged, for the cross-record checks below.
    // Lines go into a Buffer (CopyChunk), not a string rope that lives until the socket flattens it.
    async function* stageText(): AsyncGenerator<StageChunk> {
      const text = new CopyChunk();
      for (let from = 0; from < records.length; from += STAGE_SLICE) {
        const below = Math.min(from + STAGE_SLICE, records.length);
        for (let idx = from; idx < below; idx++) {
          const result = validateEventRecord(records[idx], idx, ctx);
          if (result.errors) errors.push(...result.errors);
          else text.append(stageLine(idx, result.event));
        }
        if (text.bytes) yield { text: text.take(), below };
        // Let PostgreSQL's answers in: a generator that never waits would validate the whole batch
        // before the first part's COPY is even sent.
        await setImmediate();
      }
    }
    // Validation starts now; the transaction opens beside it.
    const staged = readAhead(stageText(), (chunks) => ({
      text: joinedText(chunks.map((c) => c.text)),
      below: chunks[chunks.length - 1].below,
    }));
    return this.store.inPartsTransaction(async (session) => {
      const sink = session.partsSink(source, {
        partBytes: BATCH_PART_BYTES,
        eagerBytes: 0,
        limit: records.length,
        writing: () => errors.length === 0,
        stageUnwritten: true,
        listDuplicates: true,
      });
      await pipeline(Readable.from(staged), sink).catch(async (e: unknown) => {
        await sink.idle();
        throw e;
      });
      // Cross-record checks run even when some records failed, so one answer lists every problem.
      errors.push(...(await session.check(records.length)));
      if (errors.length)
        throw new IngestRejectedError(
          errors.sort((a, b) => a.index - b.index),
          records.length,
        );
      const written = await session.write(source);
      if (written.conflicts.length) throw new IngestRejectedError(written.conflicts, records.length);
      return {
        received: records.length,
        inserted: written.inserted,
        duplicates: records.length - written.inserted,
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
