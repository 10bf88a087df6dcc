import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse';
import { Readable, Transform } from 'node:stream';
import { AppConfig } from '@app/config';
import { EventWriter, type EventSource, stageLine } from '@app/database';
import { validateEventRecord } from '../events/event-validator';
import { IngestRejectedError, type RecordError } from '../events/ingest-error';
import { IngestService } from '../events/ingest.service';
import { CSV_COLUMNS, csvRecordToRaw } from './csv-columns';

export interface ImportProgress {
  rows: number;
  bytes: number;
}

export interface ImportResult {
  rows: number;
  inserted: number;
  duplicates: number;
  cases: number;
}

const REQUIRED = ['eventId', 'la', 'caseRef', 'childRef', 'pathway', 'type', 'date'];

/** Checks the header row: every required column present, no column the contract lacks. */
function headerErrors(header: string[]): RecordError[] {
  const known = new Set<string>(CSV_COLUMNS);
  const errors: RecordError[] = [];
  for (const col of REQUIRED) {
    if (!header.includes(col)) errors.push({ index: -1, field: col, reason: `the header has no ${col} column` });
  }
  for (const col of header) {
    if (!known.has(col)) errors.push({ index: -1, field: col, reason: `${col} is not a column of the event contract` });
  }
  return errors;
}

/**
 * Imports a CSV of events in one pass: parsed, validated and COPYed into a staging table as it
 * streams (memory stays flat for a million rows), then checked as a set and written all or nothing.
 * Rows are numbered from 0 like batch indexes; `line` in an error is the file's line number.
 */
@Injectable()
export class CsvImportService {
  constructor(
    private readonly store: EventWriter,
    private readonly ingest: IngestService,
    private readonly config: AppConfig,
  ) {}

  async importCsv(input: Readable, source: EventSource = 'import', onProgress?: (p: ImportProgress) => void): Promise<ImportResult> {
    const ctx = await this.ingest.validationContext();
    const limit = this.config.importErrorLimit;
    const errors: RecordError[] = [];
    let errorCount = 0;
    let rows = 0;
    let bytes = 0;
    const note = (e: RecordError[]) => {
      errorCount += e.length;
      for (const err of e) if (errors.length < limit) errors.push(err);
    };

    // Counted inside the pipeline: a 'data' listener on the input would start it flowing early.
    const byteCounter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const parser = parse({
      columns: (header: string[]) => (note(headerErrors(header)), header),
      bom: true,
      trim: true,
      info: true,
      skip_empty_lines: true,
      // A malformed row is reported like any bad row instead of ending the import.
      skip_records_with_error: true,
    });
    parser.on('skip', (err: Error & { lines?: number }) => {
      note([{ index: rows++, line: err.lines, field: '(row)', reason: err.message }]);
    });
    // Lines are gathered into ~256 KB chunks: one COPY message per row would cost a write each.
    let pending = '';
    const toCopy = new Transform({
      writableObjectMode: true,
      transform(item: { record: Record<string, string>; info: { lines: number } }, _enc, done) {
        const idx = rows++;
        if (onProgress && rows % 10_000 === 0) onProgress({ rows, bytes });
        const result = validateEventRecord(csvRecordToRaw(item.record), idx, ctx);
        if (result.errors) {
          note(result.errors.map((e) => ({ ...e, line: item.info.lines })));
          return done();
        }
        pending += stageLine(idx, result.event);
        if (pending.length < 256 * 1024) return done();
        const chunk = pending;
        pending = '';
        done(null, chunk);
      },
      flush(done) {
        done(null, pending || undefined);
      },
    });

    return this.store.inStagingTransaction(async (session) => {
      await session.copyIntoStage(input, byteCounter, parser, toCopy);
      onProgress?.({ rows, bytes });
      if (errorCount) throw new IngestRejectedError(errors, rows, errorCount);
      await session.indexStage();
      const crossErrors = await session.check(limit);
      if (crossErrors.length) throw new IngestRejectedError(crossErrors, rows);
      const written = await session.write(source, false);
      if (written.conflicts.length) throw new IngestRejectedError(written.conflicts, rows);
      return { rows, inserted: written.inserted, duplicates: rows - written.inserted, cases: written.cases };
    });
  }
}
