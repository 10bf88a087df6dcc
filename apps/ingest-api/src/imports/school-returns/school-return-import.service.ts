// Imports a school's termly SEN support return: reads and checks every row, diffs the return with
// the school's previous one (libs/rules diffSchoolReturn), writes the events all or nothing through
// the same ingest as POST /v1/events, then keeps the return for the next diff. The same return
// again gives the same events (ids from content): nothing new is written.
import { Inject, Injectable } from '@nestjs/common';
import { parse } from 'csv-parse/sync';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { SchoolReturnsRepository } from '@app/compliance';
import { AppConfig, Clock, RULES_TABLE } from '@app/config';
import { diffSchoolReturn, type ReturnFlag, type RulesTable, type SchoolReturn } from '@app/rules';
import { isCalendarDate } from '../../common/validators';
import { IngestRejectedError, type RecordError } from '../../events/ingest-error';
import { IngestService } from '../../events/ingest.service';
import { ImportRecordsService } from '../records/import-records.service';
import { FileTooLargeError } from '../staged-file-import';
import { readReturnRows } from './school-return-rows';

export interface SchoolReturnParams {
  la: string;
  school: string;
  /** The day the return describes. */
  returnedOn: string;
}

export interface SchoolReturnImportResult extends SchoolReturnParams {
  pupils: number;
  /** first: the school's first return; gap: it sent none the term before; null otherwise. */
  flag: ReturnFlag;
  started: number;
  needChanged: number;
  reviewed: number;
  ended: number;
  /** Events new to the store (0 when the same return is sent again) and those already held. */
  inserted: number;
  duplicates: number;
  fileSha256: string;
}

const paramError = (field: string, reason: string): RecordError => ({ index: -1, field, reason });

@Injectable()
export class SchoolReturnImportService {
  constructor(
    private readonly returns: SchoolReturnsRepository,
    private readonly ingest: IngestService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
    private readonly records: ImportRecordsService,
  ) {}

  async importReturn(input: Readable, p: SchoolReturnParams): Promise<SchoolReturnImportResult> {
    const text = await this.readWhole(input);
    const fileSha256 = createHash('sha256').update(text).digest('hex');
    const today = this.clock.todayInLondon();
    const errors: RecordError[] = [];
    if (!isCalendarDate(p.returnedOn)) errors.push(paramError('returnedOn', 'returnedOn must be a calendar date written YYYY-MM-DD'));
    else if (p.returnedOn > today) errors.push(paramError('returnedOn', `returnedOn ${p.returnedOn} is in the future (today is ${today})`));
    else if (!(await this.returns.hasSchool(p.la, p.school)))
      errors.push(
        paramError('school', `school ${p.school} is not on LA ${p.la}'s list of schools (a return for another LA's school is refused)`),
      );
    if (errors.length) throw new IngestRejectedError(errors, 0);

    let records: Record<string, string>[];
    let header: string[] = [];
    try {
      records = parse(text, {
        bom: true,
        trim: true,
        skip_empty_lines: true,
        columns: (h: string[]) => (header = h),
      }) as Record<string, string>[];
    } catch (e) {
      throw new IngestRejectedError([{ index: -1, field: '(file)', reason: `the file is not a readable CSV: ${(e as Error).message}` }], 0);
    }
    const read = readReturnRows(records, header, { schoolUrn: p.school, returnedOn: p.returnedOn });
    if (read.errors.length)
      throw new IngestRejectedError(read.errors.slice(0, this.config.importErrorLimit), records.length, read.errors.length);

    const current: SchoolReturn = { la: p.la, schoolUrn: p.school, returnedOn: p.returnedOn, rows: read.rows };
    const previous = await this.returns.previousReturn(p.la, p.school, p.returnedOn);
    const ended = await this.returns.endedNotInReturn(p.la, p.school, p.returnedOn);
    const diff = diffSchoolReturn(previous, current, this.rules, ended);
    let written: { inserted: number; duplicates: number };
    try {
      written = diff.events.length ? await this.ingest.ingest(diff.events, 'import') : { inserted: 0, duplicates: 0 };
    } catch (e) {
      if (e instanceof IngestRejectedError)
        await this.record(p, fileSha256, text.length, { outcome: 'refused', records: diff.events.length, problems: e.errorCount });
      throw e;
    }
    await this.record(p, fileSha256, text.length, { outcome: 'imported', records: diff.events.length, ...written });
    // After the events: if this fails, sending the return again diffs with the same previous
    // return, finds its events already held, and keeps the return.
    await this.returns.saveReturn(current);
    return {
      ...p,
      pupils: read.rows.length,
      flag: diff.flag,
      ...diff.counts,
      inserted: written.inserted,
      duplicates: written.duplicates,
      fileSha256,
    };
  }

  /** The return's line in file_imports, as every import has (who, when, the file's hash, counts). */
  private record(
    p: SchoolReturnParams,
    fileSha256: string,
    bytes: number,
    r: { outcome: 'imported' | 'refused'; records: number; inserted?: number; duplicates?: number; problems?: number },
  ): Promise<void> {
    return this.records.record([
      {
        la: p.la,
        kind: 'school_return',
        profile: null,
        outcome: r.outcome,
        actor: this.records.actor(),
        fileSha256,
        bytes,
        records: r.records,
        inserted: r.inserted ?? 0,
        duplicates: r.duplicates ?? 0,
        cases: 0,
        newCases: 0,
        retracted: 0,
        problems: r.problems ?? 0,
        byPathway: r.records ? { sen_support: r.records } : {},
      },
    ]);
  }

  private async readWhole(input: Readable): Promise<string> {
    const max = this.config.importMaxMegabytes * 1024 * 1024;
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of input) {
      size += (chunk as Buffer).length;
      if (size <= max) chunks.push(chunk as Buffer);
    }
    if (size > max) throw new FileTooLargeError(this.config.importMaxMegabytes);
    return Buffer.concat(chunks).toString('utf8');
  }
}
