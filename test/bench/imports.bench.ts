// Imports benchmark: a synthetic SEN2 return of 50,000 persons (about the largest LA's) and a
// wide case-list extract of 200,000 rows, each imported by the command line a person would use
// (`npm run cli -- import-sen2 FILE`, `import-extract --profile wide-ehc FILE`) into a scratch
// database, timed, with the importing process's peak resident memory read from /proc (VmHWM).
// Prints each figure beside its limit. Usage: npm run bench:imports [-- PERSONS ROWS]
import { execFile } from 'node:child_process';
import { readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sen2File } from '../support/sen2-file';
import { withBenchDatabase } from './bench-database';

const PERSONS = Number(process.argv[2] ?? 50_000);
const ROWS = Number(process.argv[3] ?? 200_000);
const LA = '886';
const ROOT = join(__dirname, '..', '..');
const SECRET = 'bench-only-secret-for-imports-0123456789abcdef';
const CLI_NODE_FLAGS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.cli as string)
  .split(' ')
  .filter((w) => w.startsWith('--'));

interface Run {
  seconds: number;
  peakMb: number;
  stdout: string;
}

/** Runs the CLI, sampling its peak resident set (VmHWM is the kernel's own high-water mark). */
async function cli(url: string, args: string[]): Promise<Run> {
  const started = Date.now();
  let peakKb = 0;
  // As `npm run cli` runs it (package.json): the heap capped, so garbage is collected, not kept.
  const child = execFile(
    process.execPath,
    [...CLI_NODE_FLAGS, join(ROOT, 'scripts', 'run.js'), 'apps/ingest-api/src/cli/main.ts', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, CHILD_REF_SECRET: SECRET, LOG_LEVEL: 'warn' },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const sample = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // the process has ended
    }
  };
  const timer = setInterval(sample, 50);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c) => (stdout += c));
  child.stderr?.on('data', (c) => (stderr += c));
  const [code] = (await once(child, 'exit')) as [number];
  clearInterval(timer);
  if (code !== 0) throw new Error(`cli ${args[0]} exited ${code}: ${stderr.slice(0, 2000)}`);
  return { seconds: (Date.now() - started) / 1000, peakMb: Math.round(peakKb / 1024), stdout };
}

/** A wide extract in the wide-ehc profile's columns: one row per request, dates as the LA's system writes them. */
async function writeExtract(path: string, rows: number): Promise<void> {
  const services = ['EP', 'SLT', 'Health', 'Social care', 'School'];
  const header = ['LA', 'Case reference', 'Child reference', 'Request received', 'Primary need', 'Decision to assess', 'Decision'];
  header.push(...services.flatMap((s) => [`${s} advice requested`, `${s} advice received`]));
  header.push('Decision to issue', 'Issue decision', 'Draft plan issued', 'Final plan issued', 'Withdrawn');
  const out = createWriteStream(path);
  const day = (base: number, plus: number) => new Date(Date.UTC(2025, 0, 1) + (base + plus) * 86_400_000).toISOString().slice(0, 10);
  out.write(header.join(',') + '\n');
  for (let i = 0; i < rows; i++) {
    const start = i % 300;
    const row: Record<string, string> = {
      LA,
      'Case reference': `BX-EHC-${i}`,
      'Child reference': `BX-C-${i}`,
      'Request received': day(start, 0),
      'Primary need': 'ASD',
      'Decision to assess': day(start, 35),
      Decision: 'Assess',
      'EP advice requested': day(start, 38),
      'EP advice received': day(start, 70),
      'School advice requested': day(start, 38),
      'Final plan issued': i % 2 ? day(start, 130) : '',
    };
    if (!out.write(header.map((h) => row[h] ?? '').join(',') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main(): Promise<void> {
  const dir = tmpdir();
  const sen2Path = join(dir, `bench-sen2-${process.pid}.xml`);
  const extractPath = join(dir, `bench-extract-${process.pid}.csv`);
  console.log(
    `writing an SEN2 return of ${PERSONS.toLocaleString('en-GB')} persons and an extract of ${ROWS.toLocaleString('en-GB')} rows...`,
  );
  writeFileSync(sen2Path, sen2File({ la: LA, persons: PERSONS, year: 2025, seed: 'bench' }).xml);
  await writeExtract(extractPath, ROWS);
  const mb = (p: string) => (statSync(p).size / 1024 / 1024).toFixed(0);
  try {
    await withBenchDatabase(async (url) => {
      const sen2 = await cli(url, ['import-sen2', sen2Path]);
      const again = await cli(url, ['import-sen2', sen2Path]);
      const extract = await cli(url, ['import-extract', '--profile', 'wide-ehc', extractPath]);
      const rows = [
        ['SEN2 return, first import', `${PERSONS} persons, ${mb(sen2Path)} MB`, sen2, 60, 300],
        ['SEN2 return, same file again', `${PERSONS} persons`, again, 60, 300],
        ['Wide extract (wide-ehc)', `${ROWS} rows, ${mb(extractPath)} MB`, extract, 60, null],
      ] as const;
      console.log('');
      console.log('import                         | file                   | time (s) | limit (s) | peak RSS (MB) | limit (MB)');
      console.log('-------------------------------|------------------------|----------|-----------|---------------|-----------');
      for (const [name, file, run, secs, rss] of rows) {
        const ok = run.seconds < secs && (rss === null || run.peakMb < rss);
        console.log(
          `${name.padEnd(31)}| ${file.padEnd(23)}| ${run.seconds.toFixed(1).padStart(8)} | ${String(secs).padStart(9)} | ` +
            `${String(run.peakMb).padStart(13)} | ${String(rss ?? '-').padStart(9)}  ${ok ? 'within' : 'OVER'}`,
        );
      }
      console.log('');
      for (const [name, , run] of rows) console.log(`${name}: ${run.stdout.trim().split('\n')[0]}`);
    });
  } finally {
    rmSync(sen2Path, { force: true });
    rmSync(extractPath, { force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
