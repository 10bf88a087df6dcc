// Runs one nightly pass in a process of its own (worker-nightly.ts) with the worker's node flags, so
// its peak memory is the pass's alone. Shared by bench:worker and bench:national.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { benchNodeFlags } from './node-flags';

const ROOT = join(__dirname, '..', '..');

/** What worker-nightly.ts prints of one pass. */
export interface NightResult {
  ms: number;
  chunkSize: number;
  evaluated: number;
  written: number;
  unchanged: number;
  milestones: number;
  alertsRaised: number;
  snapshots: number;
  lasInFull: number;
  lasByChange: number;
  measuresMs: number;
  storeMs: number;
  /** The day's forecasts kept after the pass (the worker's 'forecasts' job): time and answers made. */
  forecastsMs: number;
  forecastsMade: number;
  rssBeforeMb: number;
  peakSampledMb: number;
  maxRssMb: number;
  cpuUserS: number;
}

/** The node flags of `npm run start:worker` (its heap limit), or BENCH_NODE_FLAGS, so the pass runs as in the worker. */
export function workerNodeFlags(): string[] {
  return benchNodeFlags('start:worker');
}

/** One night as of `asOf` on the database at `url`: by change, or every case with `all`. */
export async function night(url: string, asOf: string, all = false): Promise<NightResult> {
  return (await nights(url, [asOf], all))[0];
}

/**
 * Nights as of each date in turn in one process, a quiet spell between (QUIET_SPELL_MS in
 * worker-nightly.ts), as a worker that runs for days has them: the later nights find what the
 * process kept (its pool's connections, its compiled code).
 */
export function nights(url: string, dates: string[], all = false): Promise<NightResult[]> {
  const script = [join(ROOT, 'scripts', 'run.js'), 'test/bench/worker-nightly.ts', dates.join(','), ...(all ? ['all'] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...workerNodeFlags(), ...script], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    // 'close', not 'exit': the last line read may come after the exit.
    child.on('close', (code) => {
      const lines = out
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{"asOf"')); // not the logger's lines
      if (code === 0 && lines.length === dates.length) resolve(lines.map((l) => JSON.parse(l) as NightResult));
      else reject(new Error(`nightly pass exited ${code}: ${out}`));
    });
  });
}

async function onDatabase<T>(url: string, work: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

/**
 * Before a first night: the seed counts as ingested the day before it (an LA's first import), as it
 * would be in use. The next night looks for cases changed since the last one began (less an hour),
 * which a seed written a minute before would all be. Then what a day's autovacuum and checkpoints
 * would have done by the night: the seeded tables vacuumed and analysed, and their writes (this
 * update's million rows) flushed, so that a checkpoint of the setup's pages is not timed with the pass.
 */
export function ageSeed(url: string): Promise<void> {
  return onDatabase(url, async (db) => {
    await db.query(`UPDATE cases SET updated_at = now() - interval '1 day' WHERE updated_at > now() - interval '1 day'`);
    await db.query(`VACUUM ANALYZE cases, events, staff`);
    await db.query(`CHECKPOINT`);
  });
}
