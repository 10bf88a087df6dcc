import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { createReadStream, statSync } from 'node:fs';
import { AuditService } from '../audit/audit.service';
import { IngestRejectedError } from '../events/ingest-error';
import { CsvImportService } from '../imports/csv-import.service';
import { cliActor } from './access.command';
import { CliModule } from './cli.module';

/** `cli import FILE.csv`: the same path as POST /v1/imports, with a progress bar and a summary. */
export async function importCommand(file: string, opts: { progress?: boolean }): Promise<number> {
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
    const result = await app.get(CsvImportService).importCsv(createReadStream(file), 'import', (p) => {
      if (showBar) bar.update(p.bytes, { rows: p.rows });
    });
    if (showBar) {
      bar.update(size, { rows: result.rows });
      bar.stop();
    }
    await app.get(AuditService).record({
      system: cliActor(),
      action: 'events.import',
      detail: { rows: result.rows, inserted: result.inserted, duplicates: result.duplicates },
    });
    const secs = (Date.now() - started) / 1000;
    console.log(
      `imported ${file}: ${result.rows} rows, ${result.inserted} new events, ${result.duplicates} duplicates, ` +
        `${result.cases} cases touched, in ${secs.toFixed(1)} s (${Math.round(result.rows / secs)} rows/s)`,
    );
    return 0;
  } catch (e) {
    if (showBar) bar.stop();
    if (e instanceof IngestRejectedError) {
      await app
        .get(AuditService)
        .record({ system: cliActor(), action: 'events.import', status: e.status, detail: { refused: true, errors: e.errorCount } });
      console.error(`rejected ${file}: ${e.message}`);
      for (const err of e.errors.slice(0, 50)) {
        console.error(`  row ${err.index}${err.line ? ` (line ${err.line})` : ''} ${err.eventId ?? ''} ${err.field}: ${err.reason}`);
      }
      if (e.errorCount > 50) console.error(`  ... and ${e.errorCount - 50} more`);
      return 1;
    }
    throw e;
  } finally {
    await app.close();
  }
}
