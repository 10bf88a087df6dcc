import { Injectable } from '@nestjs/common';
import { Clock } from '@app/config';
import { type Readable, Transform } from 'node:stream';
import { IngestRejectedError } from '../../events/ingest-error';
import { IngestService } from '../../events/ingest.service';
import { type FileImportOptions, type ImportResult, type ReaderItem, StagedFileImport, staleRetraction } from '../staged-file-import';
import { childRefSecret } from './child-ref';
import { findingPlace, personEvents, RESTATED_TYPES, SEN2_EVENT_PREFIX } from './sen2-events';
import { readHeader, readPerson } from './sen2-person';
import { type XmlRecord, XmlSyntaxError, xmlRecords } from './xml-elements';

export interface Sen2ImportResult extends ImportResult {
  la: string;
  persons: number;
}

/**
 * Imports an SEN2 return (the person-level XML an LA sends the DfE) as events, streamed, all or
 * nothing. Identifiers become keyed-hash references as each Person is read and go no further.
 */
@Injectable()
export class Sen2ImportService {
  constructor(
    private readonly staged: StagedFileImport,
    private readonly ingest: IngestService,
    private readonly clock: Clock,
  ) {}

  async importSen2(input: Readable, opts: FileImportOptions = {}): Promise<Sen2ImportResult> {
    const secret = childRefSecret();
    const ctx = await this.ingest.validationContext();
    let la: string | undefined;
    let refused = false;
    let persons = 0;
    const toItems = new Transform({
      objectMode: true,
      transform({ element, position }: XmlRecord, _enc, done) {
        if (element.name === 'Header') {
          const header = readHeader(element);
          const problem = (reason: string) =>
            this.push({ problems: [{ line: element.line, field: 'Header.Source.LEA', reason }] } satisfies ReaderItem);
          if (!header.la) problem('the Header has no LEA: the file must say which local authority it is for');
          else if (!ctx.knownLas.has(header.la)) problem(`LEA ${header.la} is not a known local authority code`);
          else if (ctx.writableLas && !ctx.writableLas.has(header.la)) problem(`the file is for LA ${header.la}, which you may not write`);
          else la = header.la;
          refused = la === undefined;
          return done();
        }
        persons++;
        if (refused) return done();
        if (!la) {
          refused = true;
          return done(null, {
            problems: [{ line: element.line, field: 'Header', reason: 'the file has no Header before its first Person' }],
          } satisfies ReaderItem);
        }
        const person = readPerson(element, position, secret);
        const { events, findings } = personEvents(person, la, secret);
        if (findings.length) {
          this.push({
            problems: findings.map((f) => ({ line: f.line, record: findingPlace(f), field: f.field, reason: f.reason })),
          } satisfies ReaderItem);
        }
        for (const raw of events) this.push({ raw, line: person.line, record: `person ${person.number}` } satisfies ReaderItem);
        done();
      },
      flush(done) {
        done(
          null,
          la === undefined && !refused
            ? ({ problems: [{ field: 'Header', reason: 'the file has no Header: is it an SEN2 return?' }] } satisfies ReaderItem)
            : undefined,
        );
      },
    });
    try {
      const today = this.clock.todayInLondon();
      const result = await this.staged.run(input, [xmlRecords(['Header', 'Person']), toItems], {
        ...opts,
        source: opts.source ?? 'import',
        kind: 'sen2',
        retractStale: {
          prefix: SEN2_EVENT_PREFIX,
          types: RESTATED_TYPES,
          retract: staleRetraction(SEN2_EVENT_PREFIX, today),
        },
      });
      return { ...result, la: la as string, persons };
    } catch (e) {
      if (e instanceof XmlSyntaxError) throw new IngestRejectedError([{ index: -1, line: e.line, field: '(file)', reason: e.message }], 0);
      throw e;
    }
  }
}
