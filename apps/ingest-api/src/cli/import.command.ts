import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { createReadStream, statSync } from 'node:fs';
import { AuditService } from '../audit/audit.service';
import { IngestRejectedError } from '../events/ingest-error';
import { CsvImportService } from '../imports/csv-import.service';
import { ExtractImportService } from '../imports/extracts/extract-import.service';
import { ProfileError, UnknownProfileError } from '../imports/extracts/import-profile';
import { MissingSecretError } from '../imports/sen2/child-ref';
import { Sen2ImportService } from '../imports/sen2/sen2-import.service';
import { FileTooLargeError, type ImportProgress, type ImportResult } from '../imports/staged-file-import';
import { cliActor } from '../audit/cli-actor';
import { CliModule } from './cli.module';

export type ImportKind = 'csv' | 'sen2' | 'extract';

export interface ImportCommandOptions {
  progress?: boolean;
  /** For extracts: the mapping profile, and whether to keep nothing. */
  profile?: string;
  dryRun?: boolean;
}

/**
 * `cli import FILE.csv` and `cli import-sen2 FILE.xml`: the same paths as POST /v1/imports and
 * POST /v1/imports/sen2, with a progress bar and a summary.
 */
export async function importCommand(file: string, opts: ImportCommandOptions, kind: ImportKind = 'csv'): Promise<number> {
  const size = statSync(file).size;
  const app = await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  const bar = new SingleBar({
    format: 'importing |{bar}| {percentage}% | {rows} rows | {eta_formatted} left',
    hideCursor: true,
    noTTYOutput: false,
  });
  const showBar = opts.progress !== false && process.stderr.isTTY;
  const started = Date.now();
  try {
    if (showBar) bar.start(size, 0, { rows: 0 });
    const progress = (p: ImportProgress) => {
      if (showBar) bar.update(p.bytes, { rows: p.rows });
    };
    const input = createReadStream(file);
    const result: ImportResult & { persons?: number } =
      kind === 'sen2'
        ? await app.get(Sen2ImportService).importSen2(input, { onProgress: progress })
        : kind === 'extract'
          ? await app.get(ExtractImportService).importExtract(opts.profile!, input, { dryRun: opts.dryRun, onProgress: progress })
          : await app.get(CsvImportService).importCsv(input, { onProgress: progress });
    if (showBar) {
      bar.update(size, { rows: result.rows });
      bar.stop();
    }
    await app.get(AuditService).record({
      system: cliActor(),
      action: 'events.import',
      detail: {
        kind,
        profile: opts.profile ?? null,
        dryRun: result.dryRun,
        rows: result.rows,
        inserted: result.inserted,
        duplicates: result.duplicates,
        fileSha256: result.fileSha256,
      },
    });
    const secs = (Date.now() - started) / 1000;
    const read = result.persons !== undefined ? `${result.persons} persons, ${result.rows} events` : `${result.rows} rows`;
    const retracted = result.retracted ? `, ${result.retracted} earlier events retracted` : '';
    console.log(
      `${result.dryRun ? 'dry run: nothing kept; would have imported' : 'imported'} ${file}: ${read}, ${result.inserted} new events, ` +
        `${result.duplicates} duplicates, ${result.cases} cases (${result.newCases} new)${retracted}, ` +
        `in ${secs.toFixed(1)} s (${Math.round(result.rows / secs)} rows/s)\n  file SHA-256 ${result.fileSha256}`,
    );
    return 0;
  } catch (e) {
    if (showBar) bar.stop();
    if (
      e instanceof MissingSecretError ||
      e instanceof UnknownProfileError ||
      e instanceof ProfileError ||
      e instanceof FileTooLargeError
    ) {
      console.error(`refused ${file}: ${e.message}`);
      return 1;
    }
    if (e instanceof IngestRejectedError) {
      await app
        .get(AuditService)
        .record({ system: cliActor(), action: 'events.import', status: e.status, detail: { kind, refused: true, errors: e.errorCount } });
      console.error(`rejected ${file}: ${e.message}`);
      for (const err of e.errors.slice(0, 50)) {
        const at = err.record ?? (err.index >= 0 ? `row ${err.index}` : 'file');
        console.error(`  ${at}${err.line ? ` (line ${err.line})` : ''} ${err.eventId ?? ''} ${err.field}: ${err.reason}`);
      }
      if (e.errorCount > 50) console.error(`  ... and ${e.errorCount - 50} more`);
      return 1;
    }
    throw e;
  } finally {
    await app.close();
  }
}
