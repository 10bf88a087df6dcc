import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { SchoolReturnsRepository, StaffRepository, syntheticStaff } from '@app/compliance';
import { AccountsService } from '../auth/accounts.service';
import { ApiKeysService } from '../auth/api-keys.service';
import { IngestService } from '../events/ingest.service';
import { CsvFileSink } from '../seed/csv-file-sink';
import { casesPerLa } from '../seed/generate-events';
import { laProfile } from '../seed/la-profile';
import { runSeed } from '../seed/run-seed';
import { schoolPopulation } from '../seed/school-population';
import { type SeedCliOptions, seedOptionsFromCli } from '../seed/seed-options';
import { CliModule } from './cli.module';
import { DatabaseSink } from './database-sink';
import { printDemoUsers, seedDemoUsers } from './demo-users';

/** `cli seed`: a deterministic synthetic area, into the database or (--csv) a file. */
export async function seedCommand(cli: SeedCliOptions & { csv?: string; progress?: boolean; senSupport?: boolean }): Promise<void> {
  const options = seedOptionsFromCli(cli);
  const perLa = casesPerLa(options);
  const totalCases = [...perLa.values()].reduce((a, b) => a + b, 0);
  const names = options.las
    .slice(0, 5)
    .map((la) => `${la} ${laProfile(la).name}`)
    .join(', ');
  console.log(
    `seeding ${totalCases} synthetic cases for ${options.las.length} LA(s) (${names}${options.las.length > 5 ? ', ...' : ''}), ` +
      `seed ${options.seed}, as of ${options.asOf}`,
  );
  const bar = new SingleBar({
    format: 'seeding |{bar}| {percentage}% | {value}/{total} cases | {events} events | {eta_formatted} left',
    hideCursor: true,
  });
  const showBar = cli.progress !== false && process.stderr.isTTY;
  if (showBar) bar.start(totalCases, 0, { events: 0 });
  const started = Date.now();

  const app = cli.csv ? undefined : await NestFactory.createApplicationContext(CliModule, { logger: ['error'] });
  const sink = cli.csv ? new CsvFileSink(cli.csv) : new DatabaseSink(app!.get(IngestService));
  try {
    const summary = await runSeed(options, sink, (s) => showBar && bar.update(s.cases, { events: s.events }), undefined, cli.senSupport);
    // The LAs' synthetic schools, whose termly returns the import then takes.
    if (app && cli.senSupport)
      for (const la of options.las) await app.get(SchoolReturnsRepository).addSchools(la, schoolPopulation(laProfile(la)).schools);
    if (showBar) bar.stop();
    if (sink instanceof CsvFileSink) await sink.close();
    // The staff who receive alerts: pseudonymous references and role mailboxes, no names.
    const staff = app ? await app.get(StaffRepository).upsert(options.las.flatMap((la) => syntheticStaff(la))) : 0;
    const secs = (Date.now() - started) / 1000;
    const where = cli.csv
      ? `to ${cli.csv}`
      : `to the database (${(sink as DatabaseSink).inserted} new, ${(sink as DatabaseSink).duplicates} already there)`;
    console.log(
      `seeded ${summary.cases} cases, ${summary.events} events ${where} in ${secs.toFixed(1)} s ` +
        `(${Math.round(summary.events / secs)} events/s): ` +
        Object.entries(summary.byPathway)
          .map(([p, n]) => `${p} ${n}`)
          .join(', ') +
        (staff ? `; ${staff} synthetic staff references for alerts` : ''),
    );
    if (app) printDemoUsers(await seedDemoUsers(app.get(AccountsService), app.get(ApiKeysService), options.las));
  } finally {
    if (showBar) bar.stop();
    await app?.close();
  }
}
