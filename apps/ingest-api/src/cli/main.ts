import 'reflect-metadata';
import { Command } from 'commander';
import { loadConfigOrExit } from '@app/config';
import { migrate } from '@app/database';
import { registerAccessCommands } from './access.command';
import { checkSen2Command } from './check-sen2.command';
import { importCommand } from './import.command';
import { recomputeCommand } from './recompute.command';
import { addSchoolsCommand, schoolReturnCommand } from './school-return.command';
import { seedCommand } from './seed.command';

const program = new Command('send-monitor').description('SEND timeliness monitor: shell commands');

program
  .command('migrate')
  .description('apply database migrations and refresh the local authority list')
  .action(async () => {
    const config = loadConfigOrExit();
    const result = await migrate(config.databaseUrl);
    console.log(
      `migrations applied: ${result.applied.length ? result.applied.join(', ') : 'none (up to date)'}; ` +
        `${result.localAuthorities} local authorities`,
    );
  });

program
  .command('import')
  .argument('<file>', 'CSV file of events (columns as POST /v1/imports)')
  .option('--no-progress', 'no progress bar')
  .description('import a CSV of events, all or nothing')
  .action(async (file: string, opts: { progress?: boolean }) => {
    loadConfigOrExit();
    process.exitCode = await importCommand(file, opts);
  });

program
  .command('import-sen2')
  .argument('<file>', 'an SEN2 return (the person-level XML an LA sends the DfE); needs CHILD_REF_SECRET')
  .option('--no-progress', 'no progress bar')
  .description('import an SEN2 return as events, all or nothing; names, UPNs and postcodes are never kept')
  .action(async (file: string, opts: { progress?: boolean }) => {
    loadConfigOrExit();
    process.exitCode = await importCommand(file, opts, 'sen2');
  });

program
  .command('import-extract')
  .requiredOption('--profile <name>', 'the mapping profile (config/import-profiles/NAME.json)')
  .argument('<file>', 'a CSV extract: one row per request, plan or referral, a column per date')
  .option('--dry-run', 'check and count everything, keep nothing')
  .option('--no-progress', 'no progress bar')
  .description('import a case-list or NHS referral extract through its profile; re-importing the whole extract is an update')
  .action(async (file: string, opts: { profile: string; dryRun?: boolean; progress?: boolean }) => {
    loadConfigOrExit();
    process.exitCode = await importCommand(file, opts, 'extract');
  });

program
  .command('import-school-return')
  .requiredOption('--la <code>', 'the LA the school belongs to')
  .requiredOption('--school <urn>', "the school's 6-digit URN (on the LA's list: add-schools)")
  .requiredOption('--returned-on <date>', 'the day the return describes, YYYY-MM-DD (not in the future)')
  .argument('<file>', 'CSV: childRef, schoolUrn, needCode, ncYear, startedOn, lastReviewedOn')
  .description(
    "import a school's termly SEN support return, diffed with its previous one; all or nothing, the same return twice writes nothing",
  )
  .action(async (file: string, opts: { la: string; school: string; returnedOn: string }) => {
    loadConfigOrExit();
    process.exitCode = await schoolReturnCommand(file, { la: opts.la, school: opts.school, returnedOn: opts.returnedOn });
  });

program
  .command('add-schools')
  .requiredOption('--la <code>', 'the LA')
  .argument('<file>', 'URNs, one a line')
  .description("add schools to the LA's list (whose termly SEN support returns it takes)")
  .action(async (file: string, opts: { la: string }) => {
    loadConfigOrExit();
    process.exitCode = await addSchoolsCommand(file, opts.la);
  });

program
  .command('check-sen2')
  .argument('<file>', 'an SEN2 return to check before submitting it; needs CHILD_REF_SECRET')
  .option('--year <year>', 'the calendar year the figures are for (default: the year before the collection)')
  .option('--format <format>', 'text (default), json or csv', 'text')
  .description(
    "the DfE figures the file gives beside the monitor's, every case that differs and why, and the file's problems; writes nothing",
  )
  .action(async (file: string, opts: { year?: string; format?: string }) => {
    loadConfigOrExit();
    if (opts.year !== undefined && !/^20\d{2}$/.test(opts.year)) {
      console.error(`--year must be a calendar year like 2025, not ${JSON.stringify(opts.year)}`);
      process.exitCode = 2;
      return;
    }
    process.exitCode = await checkSen2Command(file, opts);
  });

const whole = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${v} is not a whole number`);
  return n;
};

program
  .command('seed')
  .description('write a deterministic synthetic area (Hartlepool first) from published DfE figures')
  .option('--las <n>', 'how many LAs: Hartlepool (805) then the next by code', whole)
  .option('--la <codes...>', 'these LA codes instead of --las')
  .option('--cases <n>', 'total cases, shared by LA size (default: each LA at its published size)', whole)
  .option('--seed <n>', 'random seed: the same seed gives the same data', whole, 1)
  .option('--as-of <date>', 'the day the data runs up to (default: today in Europe/London)')
  .option('--csv <file>', 'write a CSV of the import format instead of the database')
  .option('--sen-support', "also each LA's synthetic schools, pupils at SEN support (the national share) and a few AP placements")
  .option('--no-progress', 'no progress bar')
  .action(async (opts) => {
    loadConfigOrExit();
    await seedCommand(opts);
  });

program
  .command('recompute')
  .description('the nightly pass now: by change, or with --all every case of every LA re-evaluated (after a rules or code change)')
  .option('--all', 'every case, whatever changed')
  .option('--as-of <date>', 'the day to evaluate as of, YYYY-MM-DD (default: today in Europe/London)')
  .option('--la <code>', 'one LA only')
  .action(async (opts: { all?: boolean; asOf?: string; la?: string }) => {
    loadConfigOrExit();
    process.exitCode = await recomputeCommand(opts);
  });

registerAccessCommands(program);

program.parseAsync(process.argv).catch((e) => {
  console.error((e as Error).stack ?? e);
  process.exit(1);
});
