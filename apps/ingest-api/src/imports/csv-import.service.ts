import { Injectable } from '@nestjs/common';
import { type Readable, Transform } from 'node:stream';
import type { RecordError } from '../events/ingest-error';
import { CSV_COLUMNS, typedCells } from './csv-columns';
import { CsvHeader, type CsvRow, csvRowParser } from './csv-rows';
import {
  type FileImportOptions,
  type ImportProgress,
  type ImportResult,
  type ProblemItem,
  type ReaderItem,
  StagedFileImport,
} from './staged-file-import';

export type { ImportProgress, ImportResult };

const REQUIRED = ['eventId', 'la', 'caseRef', 'childRef', 'pathway', 'type', 'date'];

/** Checks the header row: every required column present, no column the contract lacks. */
function headerErrors(header: string[]): Omit<RecordError, 'index'>[] {
  const known = new Set<string>(CSV_COLUMNS);
  const errors: Omit<RecordError, 'index'>[] = [];
  for (const col of REQUIRED) {
    if (!header.includes(col)) errors.push({ field: col, reason: `the header has no ${col} column` });
  }
  for (const col of header) {
    if (!known.has(col)) errors.push({ field: col, reason: `${col} is not a column of the event contract` });
  }
  return errors;
}

/**
 * Imports a CSV of events (one row per event, the contract's fields as columns) through the
 * staged file import. `line` in an error is the file's line number.
 */
@Injectable()
export class CsvImportService {
  constructor(private readonly staged: StagedFileImport) {}

  importCsv(input: Readable, opts: FileImportOptions = {}): Promise<ImportResult> {
    let header: CsvHeader | undefined;
    let problems: Omit<RecordError, 'index'>[] = [];
    const parser = csvRowParser();
    const toItems = new Transform({
      objectMode: true,
      transform(item: CsvRow | ProblemItem, _enc, done) {
        // A row the parser could not read arrives here as its problem (see 'skip' below).
        if ('problems' in item) return done(null, item);
        if (!header) {
          header = new CsvHeader(item.cells);
          problems = headerErrors(header.distinctNames());
          return done();
        }
        if (problems.length) {
          this.push({ problems } satisfies ReaderItem);
          problems = [];
        }
        const wrongLength = header.lengthProblem(item);
        if (wrongLength) return done(null, { problems: [wrongLength], row: true } satisfies ReaderItem);
        done(null, { raw: typedCells(header.presentCells(item.cells)), line: item.line } satisfies ReaderItem);
      },
      flush(done) {
        done(null, problems.length ? ({ problems } satisfies ReaderItem) : undefined);
      },
    });
    parser.on('skip', (err: Error & { lines?: number }) => {
      toItems.write({ problems: [{ line: err.lines, field: '(row)', reason: err.message }], row: true } satisfies ReaderItem);
    });
    return this.staged.run(input, [parser, toItems], { ...opts, source: opts.source ?? 'import', kind: 'events' });
  }
}
