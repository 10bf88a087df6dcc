// The one way a file becomes events: a reader turns the file into raw contract records (a CSV
// row, or the events of an SEN2 Person), each is validated as POST /v1/events validates it and
// COPYed into a staging table as the file streams (memory stays flat at any size), then the
// stage is checked as a set and written all or nothing. Readers differ; this does not.
import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { type Duplex, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppConfig } from '@app/config';
import {
  CopyChunk,
  EventWriter,
  type EventSource,
  type StaleEvent,
  type StageChunk,
  type StageRow,
  type StoredEvent,
  stageLine,
} from '@app/database';
import { Metrics } from '@app/metrics';
import { validateEventRecord } from '../events/event-validator';
import { IngestRejectedError, type RecordError } from '../events/ingest-error';
import { IngestService } from '../events/ingest.service';
import type { ImportKind, ImportRecordInput } from './records/import-record';
import { ImportRecordsService } from './records/import-records.service';

/** What a reader emits: a raw record with where it came from, or problems found before any record. */
export type ReaderItem =
  | { raw: Record<string, unknown>; line?: number; record?: string; problems?: undefined }
  | {
      problems: Omit<RecordError, 'index'>[];
      raw?: undefined;
      /** The problems are a record's own (a row that could not be read): it counts as one. */ row?: true;
    };

/** A problem a reader passes along in place of a record (a CSV row csv-parse could not read). */
export type ProblemItem = Extract<ReaderItem, { problems: unknown }>;

export interface ImportProgress {
  rows: number;
  bytes: number;
}

export interface ImportResult {
  rows: number;
  inserted: number;
  duplicates: number;
  cases: number;
  /** Of the cases, those the store did not hold before. */
  newCases: number;
  /** Earlier events of these cases the file no longer states, retracted (extract imports). */
  retracted: number;
  /** Nothing was kept: what the import would do. */
  dryRun: boolean;
  /** The file's records per LA, then per pathway. */
  byLa: Record<string, Record<string, number>>;
  /** SHA-256 of the file as received: which file this was, in the audit and to compare with the sender's. */
  fileSha256: string;
}

/** How a reader's service asks for an import: the caller's choices (see ImportOptions for the reader's). */
export interface FileImportOptions {
  source?: EventSource;
  onProgress?: (p: ImportProgress) => void;
  /** Check and count everything, write it, then roll back: the preview of an import. */
  dryRun?: boolean;
}

export interface ImportOptions {
  source: EventSource;
  /** What the file is, for its import record. */
  kind: ImportKind;
  profile?: string;
  onProgress?: (p: ImportProgress) => void;
  /** Check and count everything, write it, then roll back: the preview of an import. */
  dryRun?: boolean;
  /**
   * A full extract states the whole of each case it holds: stored events of those cases with ids
   * starting `prefix` that it no longer states are retracted (`retract` builds each retraction).
   */
  retractStale?: {
    prefix: string;
    /** Only events of these types are restated by each file (others, such as a review a later file no longer lists, stay). */
    types?: readonly string[];
    retract: (stale: StaleEvent) => Record<string, unknown>;
  };
}

/**
 * The retraction of a stale event (ImportOptions.retractStale), dated `today`. Its id follows from
 * what it retracts (`prefix` + "r" + the retracted id's own part), so the same correction imported
 * twice is one retraction.
 */
export function staleRetraction(prefix: string, today: string): (stale: StaleEvent) => Record<string, unknown> {
  return (stale) => ({
    eventId: `${prefix}r${stale.eventId.slice(prefix.length, prefix.length + 31)}`,
    la: stale.la,
    caseRef: stale.caseRef,
    childRef: stale.childRef,
    pathway: stale.pathway,
    type: 'retract',
    date: today,
    retractsEventId: stale.eventId,
  });
}

/** Staged records per LA then pathway, in the order of their codes (as the import record lists them). */
function sortedByLa(staged: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const sorted = <T>(o: Record<string, T>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return sorted(Object.fromEntries(Object.entries(staged).map(([la, byPathway]) => [la, sorted(byPathway)])));
}

/** COPY text per part of a file: about 25,000 events, so a part's insert overlaps the next part's reading. */
export const PART_BYTES = 4 * 1024 * 1024;

/** A file past the configured size: refused whole, nothing written. */
export class FileTooLargeError extends Error {
  constructor(readonly megabytes: number) {
    super(`the file is larger than the ${megabytes} MB an import takes (IMPORT_MAX_MB): nothing was written`);
  }
}

/** Thrown inside the transaction to roll a dry run back, carrying what it would have done. */
class DryRunRollback extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

@Injectable()
export class StagedFileImport {
  constructor(
    private readonly store: EventWriter,
    private readonly ingest: IngestService,
    private readonly config: AppConfig,
    private readonly records: ImportRecordsService,
    private readonly metrics: Metrics,
  ) {}

  /**
   * Reads `input` through `readers` (the last emits ReaderItems) and writes its records, or throws
   * IngestRejectedError listing the problems (up to the configured limit) with nothing written.
   */
  async run(input: Readable, readers: Duplex[], options: ImportOptions): Promise<ImportResult> {
    const { source, onProgress } = options;
    const ctx = await this.ingest.validationContext();
    const limit = this.config.importErrorLimit;
    const errors: RecordError[] = [];
    let errorCount = 0;
    let rows = 0;
    let bytes = 0;
    const digest = createHash('sha256');
    const maxBytes = this.config.importMaxMegabytes * 1024 * 1024;
    let tooLarge = false;
    // Where each staged record came from, for the set checks' errors (which know only its index).
    const records: (string | undefined)[] = [];
    // The staged records per LA and pathway (what the import record keeps), counted as they are
    // staged rather than by a scan of the stage; its LAs also name the record of a refused file.
    const staged: Record<string, Record<string, number>> = {};
    const count = (e: StoredEvent) => {
      const byPathway = (staged[e.la] ??= {});
      byPathway[e.pathway] = (byPathway[e.pathway] ?? 0) + 1;
    };
    const note = (e: RecordError[]) => {
      errorCount += e.length;
      for (const err of e) if (errors.length < limit) errors.push(err);
    };
    const located = (e: RecordError[]) => e.map((err) => (records[err.index] ? { ...err, record: records[err.index] } : err));

    // Counted inside the pipeline: a 'data' listener on the input would start it flowing early.
    const byteCounter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        // Past the limit the rest is read and dropped (so the sender gets the answer, not a reset
        // connection), and the import fails at the end, with nothing written.
        if (tooLarge || bytes > maxBytes) {
          tooLarge = true;
          return done();
        }
        digest.update(chunk);
        done(null, chunk);
      },
      flush(done) {
        done(tooLarge ? new FileTooLargeError(maxBytes / 1024 / 1024) : null);
      },
    });
    // Lines are gathered into ~256 KB chunks: one COPY message per row would cost a write each.
    const CHUNK_BYTES = 256 * 1024;
    const pending = new CopyChunk(CHUNK_BYTES);
    const chunk = (below: number): StageChunk => ({ text: pending.take(), below });
    const toCopy = new Transform({
      writableObjectMode: true,
      readableObjectMode: true,
      transform(item: ReaderItem, _enc, done) {
        if (item.problems) {
          const index = item.row ? rows++ : -1;
          note(item.problems.map((p) => ({ index, ...p })));
          return done();
        }
        const idx = rows++;
        if (item.record) records[idx] = item.record;
        if (onProgress && rows % 10_000 === 0) onProgress({ rows, bytes });
        const result = validateEventRecord(item.raw, idx, ctx);
        if (result.errors) {
          note(result.errors.map((e) => ({ ...e, line: item.line, record: item.record })));
          return done();
        }
        count(result.event);
        pending.append(stageLine(idx, result.event));
        if (pending.bytes < CHUNK_BYTES) return done();
        done(null, chunk(rows));
      },
      flush(done) {
        done(null, pending.bytes ? chunk(rows) : undefined);
      },
    });

    const work = this.store.inPartsTransaction(async (session) => {
      // Written in parts as it streams (node reads the next part while PostgreSQL inserts this
      // one); nothing is committed before the checks below have passed the whole file.
      const sink = session.partsSink(source, { partBytes: PART_BYTES, limit, writing: () => errorCount === 0, countNewCases: true });
      await pipeline(input, byteCounter, ...readers, toCopy, sink).catch(async (e: unknown) => {
        await sink.idle();
        throw e;
      });
      onProgress?.({ rows, bytes });
      if (errorCount) throw new IngestRejectedError(errors, rows, errorCount);
      await session.indexStage();
      let retracted = 0;
      if (options.retractStale) {
        const { prefix, types, retract } = options.retractStale;
        const retractions: StageRow[] = [];
        for (const stale of await session.staleEvents(prefix, types)) {
          const result = validateEventRecord(retract(stale), rows, ctx);
          if (result.errors) note(result.errors);
          else {
            retractions.push({ idx: rows++, event: result.event });
            count(result.event);
          }
        }
        if (errorCount) throw new IngestRejectedError(errors, rows, errorCount);
        await session.stageRows(retractions);
        retracted = retractions.length;
      }
      const crossErrors = await session.check(limit);
      if (crossErrors.length) throw new IngestRejectedError(located(crossErrors), rows);
      const written = await session.write(source);
      if (written.conflicts.length) throw new IngestRejectedError(located(written.conflicts), rows);
      // A file always ends written in parts (the sink writes at least one, empty if the file is), and that write counts them.
      const newCases = written.newCases ?? 0;
      const fileSha256 = digest.digest('hex');
      const result = {
        rows,
        inserted: written.inserted,
        duplicates: rows - written.inserted,
        cases: written.cases,
        newCases,
        retracted,
        fileSha256,
        byLa: sortedByLa(staged),
      };
      if (options.dryRun) throw new DryRunRollback({ ...result, dryRun: true });
      return { ...result, dryRun: false };
    });
    const result = await work.catch(async (e: unknown) => {
      if (e instanceof DryRunRollback) return e.result;
      if (e instanceof IngestRejectedError) {
        this.metrics.eventsRefused.inc({ source }, e.records);
        if (!options.dryRun) await this.recordRefusal(options, e, Object.keys(staged), bytes);
      }
      throw e;
    });
    if (!result.dryRun) {
      this.metrics.eventsIngested.inc({ source }, result.inserted);
      await this.recordImport(options, result, bytes);
    }
    return result;
  }

  /** The import's record: one row per LA its records name. */
  private recordImport(options: ImportOptions, r: ImportResult, bytes: number): Promise<void> {
    const total = (byPathway: Record<string, number>) => Object.values(byPathway).reduce((a, b) => a + b, 0);
    const las = Object.keys(r.byLa);
    return this.records.record(
      las.map((la) => ({
        ...this.recordBase(options, la, bytes),
        outcome: 'imported',
        fileSha256: r.fileSha256,
        // A file of several LAs: each LA's row carries its own records, the file's totals otherwise.
        records: las.length > 1 ? total(r.byLa[la]) : r.rows,
        inserted: r.inserted,
        duplicates: r.duplicates,
        cases: r.cases,
        newCases: r.newCases,
        retracted: r.retracted,
        byPathway: r.byLa[la],
      })),
    );
  }

  private recordRefusal(options: ImportOptions, e: IngestRejectedError, las: string[], bytes: number): Promise<void> {
    return this.records.record(
      las.map((la) => ({ ...this.recordBase(options, la, bytes), outcome: 'refused', records: e.records, problems: e.errorCount })),
    );
  }

  private recordBase(options: ImportOptions, la: string, bytes: number): ImportRecordInput {
    return {
      la,
      kind: options.kind,
      profile: options.profile ?? null,
      outcome: 'refused',
      actor: this.records.actor(),
      fileSha256: null,
      bytes,
      records: 0,
      inserted: 0,
      duplicates: 0,
      cases: 0,
      newCases: 0,
      retracted: 0,
      problems: 0,
      byPathway: {},
    };
  }
}
