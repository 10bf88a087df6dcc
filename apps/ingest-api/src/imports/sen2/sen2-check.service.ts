import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { EventReader } from '@app/database';
import { MilestonesService, type RequestStep } from '@app/compliance';
import { RULES_TABLE } from '@app/config';
import type { RulesTable } from '@app/rules';
import { IngestRejectedError } from '../../events/ingest-error';
import { IngestService } from '../../events/ingest.service';
import { childRefSecret } from './child-ref';
import {
  collectQueries,
  differences,
  fileRequests,
  figuresOf,
  type FileRequest,
  type MonitorRequest,
  type Sen2CheckReport,
} from './sen2-check';
import { findingPlace, personEvents } from './sen2-events';
import { readHeader, readPerson } from './sen2-person';
import { type XmlRecord, XmlSyntaxError, xmlRecords } from './xml-elements';

/**
 * The pre-submission check of an SEN2 return (sen2-check.ts): reads the file as the import does,
 * writes nothing, and compares it with the monitor's milestones for the same children.
 */
@Injectable()
export class Sen2CheckService {
  constructor(
    private readonly ingest: IngestService,
    private readonly events: EventReader,
    private readonly milestones: MilestonesService,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  /** `year`: the calendar year the figures are for; by default the one before the collection's. */
  async check(input: Readable, year?: number): Promise<Sen2CheckReport> {
    const secret = childRefSecret();
    const ctx = await this.ingest.validationContext();
    let la: string | undefined;
    let collectionYear: number | undefined;
    const file: FileRequest[] = [];
    const problems: Sen2CheckReport['problems'] = [];
    const seen = new Map<string, number>();
    const refuse = (line: number, field: string, reason: string) => {
      throw new IngestRejectedError([{ index: -1, line, field, reason }], 0);
    };
    const sink = new Writable({
      objectMode: true,
      write({ element, position }: XmlRecord, _enc, done) {
        try {
          if (element.name === 'Header') {
            const h = readHeader(element);
            if (!h.la || !ctx.knownLas.has(h.la))
              refuse(element.line, 'Header.Source.LEA', `LEA ${h.la ?? '(none)'} is not a known local authority code`);
            if (ctx.writableLas && !ctx.writableLas.has(h.la!))
              refuse(element.line, 'Header.Source.LEA', `the file is for LA ${h.la}, which you may not see`);
            la = h.la;
            collectionYear = h.year && /^\d{4}$/.test(h.year) ? Number(h.year) : undefined;
            return done();
          }
          if (!la) refuse(element.line, 'Header', 'the file has no Header before its first Person');
          const person = readPerson(element, position, secret);
          const found = [...personEvents(person, la!, secret).findings, ...collectQueries(person, seen)];
          problems.push(...found.map((f) => ({ ...f, record: findingPlace(f) })));
          file.push(...fileRequests(person));
          done();
        } catch (e) {
          done(e as Error);
        }
      },
    });
    try {
      await pipeline(input, xmlRecords(['Header', 'Person']), sink);
    } catch (e) {
      if (e instanceof XmlSyntaxError) throw new IngestRejectedError([{ index: -1, line: e.line, field: '(file)', reason: e.message }], 0);
      throw e;
    }
    if (!la) refuse(0, 'Header', 'the file has no Header: is it an SEN2 return?');
    const forYear = year ?? (collectionYear ? collectionYear - 1 : undefined);
    if (!forYear) refuse(0, 'Header.CollectionDetails.Year', 'the Header gives no collection year: say which year to check');
    const monitor = await this.monitorRequests(la!, `${forYear! - 3}-01-01`);
    return {
      la: la!,
      year: forYear!,
      file: figuresOf(file, forYear!, this.rules),
      monitor: figuresOf(monitor, forYear!, this.rules),
      differences: differences(file, monitor, forYear!),
      problems,
    };
  }

  /** The monitor's requests: each case's decision and final plan milestones, and its child. */
  private async monitorRequests(la: string, since: string): Promise<MonitorRequest[]> {
    const steps = await this.milestones.requestSteps(la, since);
    const byCase = new Map<string, RequestStep[]>();
    for (const s of steps) byCase.set(s.caseRef, [...(byCase.get(s.caseRef) ?? []), s]);
    const children = await this.events.childRefsOf(la, [...byCase.keys()]);
    return [...byCase].flatMap(([caseRef, s]) => {
      const decision = s.find((x) => x.kind === 'decision_to_assess');
      const plan = s.find((x) => x.kind === 'final_plan');
      const childRef = children.get(caseRef);
      const received = (decision ?? plan)?.clockFrom;
      if (!childRef || !received) return [];
      return [
        {
          caseRef,
          childRef,
          received,
          decidedOn: decision?.doneOn ?? undefined,
          finalOn: plan?.doneOn ?? undefined,
          exception: plan?.state === 'exempt',
        },
      ];
    });
  }
}
