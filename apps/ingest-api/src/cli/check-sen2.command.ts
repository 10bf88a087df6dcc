import { NestFactory } from '@nestjs/core';
import { createReadStream } from 'node:fs';
import { csvLine } from '@app/compliance';
import { AuditService } from '../audit/audit.service';
import { IngestRejectedError } from '../events/ingest-error';
import { MissingSecretError } from '../imports/sen2/child-ref';
import { type Figures, sen2CheckCsv, type Sen2CheckReport } from '../imports/sen2/sen2-check';
import { Sen2CheckService } from '../imports/sen2/sen2-check.service';
import { cliActor } from '../audit/cli-actor';
import { CliModule } from './cli.module';

const pct = (s: { count: number; of: number; percent: number | null }) => `${s.count} of ${s.of} (${s.percent ?? '-'}%)`;

function figures(f: Figures): string[] {
  return [
    `  plans issued: ${f.plansIssued}`,
    `  within 20 weeks, including exceptions: ${pct(f.within20WeeksIncluding)}`,
    `  within 20 weeks, excluding exceptions: ${pct(f.within20WeeksExcluding)}`,
    `  decisions whether to assess within 6 weeks: ${pct(f.decisionsWithin6Weeks)}`,
  ];
}

/** The check in words, as a data officer reads it before submitting. */
export function checkText(r: Sen2CheckReport): string {
  return [
    `SEN2 check for LA ${r.la}, ${r.year}`,
    'The file gives:',
    ...figures(r.file),
    'The monitor holds, for the same children:',
    ...figures(r.monitor),
    `${r.differences.length} case(s) differ:`,
    ...r.differences.slice(0, 200).map((d) => `  ${d.file ?? '(not in the file)'}${d.caseRef ? ` / ${d.caseRef}` : ''}: ${d.why}`),
    `${r.problems.length} problem(s) in the file:`,
    ...r.problems.slice(0, 200).map((p) => `  ${p.record} ${p.field}: ${p.reason}`),
    r.differences.length > 200 || r.problems.length > 200 ? '(the first 200 of each shown: --format csv lists all)' : '',
  ].join('\n');
}

/** `cli check-sen2 FILE.xml`: the same check as POST /v1/checks/sen2; writes nothing but its audit entry. */
export async function checkSen2Command(file: string, opts: { year?: string; format?: string }): Promise<number> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    const report = await app.get(Sen2CheckService).check(createReadStream(file), opts.year ? Number(opts.year) : undefined);
    await app.get(AuditService).record({
      system: cliActor(),
      action: 'sen2.check',
      detail: { la: report.la, year: report.year, differences: report.differences.length, problems: report.problems.length },
    });
    const out =
      opts.format === 'json' ? JSON.stringify(report, null, 2) : opts.format === 'csv' ? sen2CheckCsv(report, csvLine) : checkText(report);
    process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
    return 0;
  } catch (e) {
    if (e instanceof MissingSecretError) {
      console.error(`refused ${file}: ${e.message}`);
      return 1;
    }
    if (e instanceof IngestRejectedError) {
      console.error(`refused ${file}: ${e.errors.map((x) => `${x.line ? `line ${x.line} ` : ''}${x.field}: ${x.reason}`).join('; ')}`);
      return 1;
    }
    throw e;
  } finally {
    await app.close();
  }
}
