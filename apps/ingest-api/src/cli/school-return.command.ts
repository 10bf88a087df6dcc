import { NestFactory } from '@nestjs/core';
import { createReadStream, readFileSync } from 'node:fs';
import { SchoolReturnsRepository } from '@app/compliance';
import { URN_PATTERN } from '@app/rules';
import { AuditService } from '../audit/audit.service';
import { IngestRejectedError } from '../events/ingest-error';
import { SchoolReturnImportService, type SchoolReturnParams } from '../imports/school-returns/school-return-import.service';
import { FileTooLargeError } from '../imports/staged-file-import';
import { cliActor } from '../audit/cli-actor';
import { CliModule } from './cli.module';

/** `cli import-school-return --la 805 --school 900001 --returned-on 2026-03-27 FILE.csv`: as POST /v1/imports/school-return. */
export async function schoolReturnCommand(file: string, p: SchoolReturnParams): Promise<number> {
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    const r = await app.get(SchoolReturnImportService).importReturn(createReadStream(file), p);
    await app.get(AuditService).record({
      system: cliActor(),
      action: 'events.import',
      detail: { kind: 'school_return', rows: r.pupils, inserted: r.inserted, duplicates: r.duplicates, fileSha256: r.fileSha256 },
    });
    const flag =
      r.flag === 'first' ? " (the school's first return)" : r.flag === 'gap' ? ' (the school sent no return the term before)' : '';
    console.log(
      `imported ${file}: school ${r.school} on ${r.returnedOn}${flag}: ${r.pupils} pupils; ${r.started} started, ` +
        `${r.needChanged} changed need, ${r.reviewed} reviewed, ${r.ended} not in return; ${r.inserted} new events, ` +
        `${r.duplicates} already held\n  file SHA-256 ${r.fileSha256}`,
    );
    return 0;
  } catch (e) {
    if (e instanceof FileTooLargeError) {
      console.error(`refused ${file}: ${e.message}`);
      return 1;
    }
    if (e instanceof IngestRejectedError) {
      console.error(`rejected ${file}: ${e.message}`);
      for (const err of e.errors.slice(0, 50)) console.error(`  ${err.line ? `line ${err.line} ` : ''}${err.field}: ${err.reason}`);
      return 1;
    }
    throw e;
  } finally {
    await app.close();
  }
}

/** `cli add-schools --la 805 FILE`: a file of URNs, one a line, added to the LA's list of schools. */
export async function addSchoolsCommand(file: string, la: string): Promise<number> {
  const urns = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  const bad = urns.findIndex((u) => !URN_PATTERN.test(u));
  if (bad >= 0) {
    console.error(`refused ${file}: line ${bad + 1} is not a 6-digit URN; nothing added`);
    return 1;
  }
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  try {
    await app.get(SchoolReturnsRepository).addSchools(la, urns);
    console.log(`LA ${la}: ${urns.length} schools listed`);
    return 0;
  } finally {
    await app.close();
  }
}
