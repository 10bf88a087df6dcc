import { Injectable } from '@nestjs/common';
import { type Readable, Transform } from 'node:stream';
import { Clock } from '@app/config';
import type { RecordError } from '../../events/ingest-error';
import { CsvHeader, type CsvRow, csvRowParser } from '../csv-rows';
import { childRefSecret } from '../sen2/child-ref';
import {
  type FileImportOptions,
  type ImportResult,
  type ProblemItem,
  type ReaderItem,
  StagedFileImport,
  staleRetraction,
} from '../staged-file-import';
import { type ImportProfile, loadProfile } from './import-profile';
import { profilePrefix, rowEvents } from './extract-rows';

export interface ExtractImportResult extends ImportResult {
  profile: string;
}

/** Every column the profile reads. */
function columnsRead(p: ImportProfile): Set<string> {
  const cols = new Set<string>([p.caseRef.column, p.child.column]);
  const add = (s: { column?: string }) => s.column && cols.add(s.column);
  add(p.la as { column?: string });
  add(p.pathway as { column?: string });
  for (const e of p.events) {
    cols.add(e.date);
    for (const f of Object.values(e.fields ?? {})) add(f as { column?: string });
  }
  return cols;
}

/** The header against the profile: every column it reads present; any other column must be one it ignores. */
function headerProblems(p: ImportProfile, header: string[]): Omit<RecordError, 'index'>[] {
  const read = columnsRead(p);
  const out: Omit<RecordError, 'index'>[] = [];
  for (const c of read)
    if (!header.includes(c))
      out.push({ line: 1, field: c, reason: `the header has no column ${JSON.stringify(c)}, which profile ${p.name} reads` });
  for (const c of header)
    if (!read.has(c) && !(p.ignore ?? []).includes(c))
      out.push({
        line: 1,
        field: c,
        reason: `column ${JSON.stringify(c)} is not in profile ${p.name}: map it, or list it under "ignore" if it is not needed`,
      });
  return out;
}

/**
 * Imports a case-list or referral extract (CSV) through its mapping profile: each row becomes
 * its events; the same extract again writes nothing, and a row whose date was corrected gives
 * the new event and retracts the old (the extract is taken as the whole truth of each case it
 * holds, so re-importing the full extract every night is the normal use).
 */
@Injectable()
export class ExtractImportService {
  constructor(
    private readonly staged: StagedFileImport,
    private readonly clock: Clock,
  ) {}

  async importExtract(profileName: string, input: Readable, opts: FileImportOptions = {}): Promise<ExtractImportResult> {
    const profile = loadProfile(profileName);
    const secret = profile.child.hash ? childRefSecret() : undefined;
    let header: CsvHeader | undefined;
    /** Whether the header is refused: checked at the first row, so a file of a header alone has nothing to refuse. */
    let refused: boolean | undefined;
    const parser = csvRowParser();
    const toItems = new Transform({
      objectMode: true,
      transform(item: CsvRow | ProblemItem, _enc, done) {
        if ('problems' in item) return done(null, item);
        if (header === undefined) {
          header = new CsvHeader(item.cells);
          return done();
        }
        const line = item.line;
        const wrongLength = header.lengthProblem(item);
        if (wrongLength) return done(null, { problems: [wrongLength], row: true } satisfies ReaderItem);
        if (refused === undefined) {
          const problems = headerProblems(profile, header.distinctNames());
          refused = problems.length > 0;
          if (refused) this.push({ problems } satisfies ReaderItem);
        }
        if (refused) return done();
        const { events, problems } = rowEvents(profile, header.record(item.cells), secret);
        if (problems.length)
          this.push({ problems: problems.map((p) => ({ ...p, line, record: `row on line ${line}` })), row: true } satisfies ReaderItem);
        for (const raw of events) this.push({ raw, line } satisfies ReaderItem);
        done();
      },
    });
    parser.on('skip', (err: Error & { lines?: number }) => {
      toItems.write({ problems: [{ line: err.lines, field: '(row)', reason: err.message }], row: true } satisfies ReaderItem);
    });
    const today = this.clock.todayInLondon();
    const prefix = profilePrefix(profile.name);
    const result = await this.staged.run(input, [parser, toItems], {
      source: opts.source ?? 'import',
      kind: 'extract',
      profile: profile.name,
      onProgress: opts.onProgress,
      dryRun: opts.dryRun,
      retractStale: {
        prefix,
        retract: staleRetraction(prefix, today),
      },
    });
    return { ...result, profile: profile.name };
  }
}
