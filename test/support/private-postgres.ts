// A PostgreSQL cluster of a test's own: `initdb` into a temporary folder, started on a spare port,
// so a drill may crash it (`pg_ctl stop -m immediate`), stop it and start it again on the same port
// without touching the shared server. PostgreSQL refuses to run as root: as root (as CI runs), the
// cluster belongs to the `postgres` OS user and every command runs as that user through runuser.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './processes';

const run = promisify(execFile);
const OS_USER = 'postgres';

export interface PrivatePostgres {
  readonly port: number;
  /** A connection URL for one database of this cluster (TCP on 127.0.0.1, trust auth, user postgres). */
  url(database: string): string;
  /** One statement on a connection of its own, closed at once: nothing stale survives a crash. */
  query<T = Record<string, unknown>>(database: string, sql: string, params?: unknown[]): Promise<T[]>;
  /** CREATE DATABASE, optionally as a copy of `template` (waiting for its last connections to go). */
  createDatabase(name: string, template?: string): Promise<void>;
  /** `pg_ctl stop -m immediate`: every server process killed at once, as in a crash; recovery runs on the next start. */
  crash(): Promise<void>;
  /** `pg_ctl stop -m fast`: open transactions rolled back, sessions ended, a clean shutdown. */
  stop(): Promise<void>;
  /** Starts the cluster again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  readonly running: boolean;
  /** The end of the server log, for a failure message. */
  logTail(lines?: number): string;
  /** Stops the server if it runs (immediately) and removes its folder. Safe to call twice. */
  cleanup(): Promise<void>;
}

/** The folder holding initdb and pg_ctl: PG_BIN, else Debian's /usr/lib/postgresql/<newest>/bin, else the PATH. */
function serverBinaries(): string {
  const has = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  if (process.env.PG_BIN) {
    if (has(process.env.PG_BIN)) return process.env.PG_BIN;
    throw new Error(`PG_BIN=${process.env.PG_BIN} holds no initdb and pg_ctl: point it at the PostgreSQL server's bin folder`);
  }
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (has(join(debian, v, 'bin'))) return join(debian, v, 'bin');
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && has(dir)) return dir;
  throw new Error(
    'No PostgreSQL server binaries (initdb, pg_ctl) for a private test cluster: install the server package ' +
      '(Debian/Ubuntu: apt-get install postgresql, which puts them in /usr/lib/postgresql/<version>/bin), or set PG_BIN.',
  );
}

/** As root: the uid and gid of the postgres OS user, who will own and run the cluster. */
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, OS_USER], { encoding: 'utf8' }).trim()));
    return { uid, gid };
  } catch {
    throw new Error(
      `PostgreSQL refuses to run as root, and there is no "${OS_USER}" OS user to run a private test cluster as: ` +
        `install the postgresql package (apt-get install postgresql creates that user), or run the tests as a non-root user.`,
    );
  }
}

/** Starts a new cluster (initdb, then start) on a spare port. Call `cleanup` in afterAll. */
export async function startPrivatePostgres(label = 'drill'): Promise<PrivatePostgres> {
  const bin = serverBinaries();
  const owner = clusterOwner();
  const dir = mkdtempSync(join(tmpdir(), `pg-${label}-`));
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const port = await freePort();

  /** A server command as the cluster's owner, in the cluster's folder (the postgres user may not read the cwd). */
  const pg = async (tool: string, args: string[]) => {
    const [file, argv] = owner ? ['runuser', ['-u', OS_USER, '--', join(bin, tool), ...args]] : [join(bin, tool), args];
    try {
      await run(file, argv, { cwd: dir, timeout: 60000 });
    } catch (e) {
      const failed = e as Error & { stderr?: string };
      throw new Error(`${tool} ${args.join(' ')} failed: ${failed.stderr || failed.message}\n${tail(20)}`, { cause: e });
    }
  };
  const tail = (lines = 40) => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-lines).join('\n') : '(no server log)');

  // fsync off: a crash here kills processes, not the machine, so the kernel still holds every
  // write; synchronous_commit stays on, so a commit that returned survives the crash.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = () => pg('pg_ctl', ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
  const halt = (mode: 'immediate' | 'fast') => pg('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);

  try {
    await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync', '--no-instructions']);
    await start();
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  let running = true;

  // Should the test process end without its afterAll, the server (a daemon of its own) goes too.
  const onExit = () => {
    if (!running) return;
    try {
      const argv = [join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'];
      execFileSync(owner ? 'runuser' : argv[0], owner ? ['-u', OS_USER, '--', ...argv] : argv.slice(1), { cwd: dir, stdio: 'ignore' });
    } catch {
      // nothing more can be done on the way out
    }
  };
  process.once('exit', onExit);

  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const query = async <T>(database: string, sql: string, params: unknown[] = []): Promise<T[]> => {
    const c = new Client({ connectionString: url(database) });
    c.on('error', () => undefined); // a crash while connected: the query's own rejection reports it
    await c.connect();
    try {
      return (await c.query(sql, params)).rows as T[];
    } finally {
      await c.end().catch(() => undefined);
    }
  };

  return {
    port,
    url,
    query,
    async createDatabase(name, template) {
      const sql = `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`;
      // A template must have no sessions: a pool closed a moment ago may still have its backends exiting.
      for (const until = Date.now() + 15000; ;) {
        try {
          await query('postgres', sql);
          return;
        } catch (e) {
          if ((e as { code?: string }).code !== '55006' || Date.now() > until) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    },
    async crash() {
      await halt('immediate');
      running = false;
    },
    async stop() {
      await halt('fast');
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    get running() {
      return running;
    },
    logTail: tail,
    async cleanup() {
      process.removeListener('exit', onExit);
      if (running) await halt('immediate').catch(() => undefined);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
