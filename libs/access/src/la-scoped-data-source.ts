import { DataSource, type QueryRunner, type ReplicationMode } from 'typeorm';
import { APP_DB_ROLE, LA_SETTING } from './db-role';
import { databaseLaSetting } from './request-scope';

/** What QueryRunner.connect() resolves to for PostgreSQL (a pg PoolClient), as far as the scope uses it. */
interface Client {
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
  /** From the server's last ready-for-query: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
  getTransactionStatus(): string | null;
}

const RESET = `RESET ROLE; RESET ${LA_SETTING}`;

/** `SET ROLE` and the LA setting for a connection (the value is checked by laSettingOf). */
function setupSql(laSetting: string): string {
  return `SET ROLE ${APP_DB_ROLE}; SELECT set_config('${LA_SETTING}', '${laSetting}', false)`;
}

/**
 * The DataSource of every app: the one mechanism behind row-level security for the API, built on
 * TypeORM's public API only. `DataSource.query`, the entity manager, repositories, query builders,
 * `transaction()` and raw clients (COPY, through `runner.connect()`) all take their connection
 * through `createQueryRunner`, so all are covered without knowing about it. A runner created inside
 * a request scope is scoped (scopeQueryRunner); one outside any scope (worker, CLI, migrations,
 * start-up, runAsSystem) runs as the owner (ownerQueryRunner).
 */
export class LaScopedDataSource extends DataSource {
  override createQueryRunner(mode?: ReplicationMode): QueryRunner {
    const runner = super.createQueryRunner(mode);
    const laSetting = databaseLaSetting();
    return laSetting === undefined ? ownerQueryRunner(runner) : scopeQueryRunner(runner, laSetting);
  }
}

/**
 * The scope each pooled connection was last set to; a connection not in it runs as the owner, as it
 * was opened. A connection keeps its scope between runners, so a request's queries after the first
 * are one round trip each (a setup and a reset around every query made three); it is changed only
 * when the next runner needs another (a setup) or the owner (a reset). Set only once the setup has
 * succeeded, deleted before a reset is sent: a connection whose SQL failed half way is ended.
 */
const applied = new WeakMap<Client, string>();

/**
 * Makes a query runner's connection run as `send_app` with app.la_codes = `laSetting` before
 * anything else on it (concurrent callers share that one setup), unless it already does.
 * Session-level, not SET LOCAL, so code that commits or rolls back its own transaction stays
 * restricted.
 */
export function scopeQueryRunner(runner: QueryRunner, laSetting: string): QueryRunner {
  return withConnectionState(runner, async (client) => {
    if (applied.get(client) === laSetting) return;
    applied.delete(client); // until the setup has succeeded, its state is unknown
    await client.query(setupSql(laSetting));
    applied.set(client, laSetting);
  });
}

/**
 * A runner of the owner (outside any request scope): a connection a request left scoped is reset
 * first (RESET ROLE and the LA setting), so owner work never runs restricted; one never scoped is
 * TypeORM's own, untouched.
 */
export function ownerQueryRunner(runner: QueryRunner): QueryRunner {
  return withConnectionState(runner, async (client) => {
    if (!applied.has(client)) return;
    applied.delete(client);
    await client.query(RESET);
  });
}

/**
 * Brings a runner's connection to the state it needs (`ready`: a round trip, or none) before any SQL
 * on it, concurrent callers sharing that one. A connection whose `ready` fails, or that is released
 * inside a transaction (TypeORM's, or one begun on the raw client, open or failed), is ended, never
 * pooled: the next runner's setup or reset would run inside it, and a later ROLLBACK would undo it
 * while `applied` said otherwise.
 */
function withConnectionState(runner: QueryRunner, ready: (client: Client) => Promise<void>): QueryRunner {
  const connect = runner.connect.bind(runner) as () => Promise<Client>;
  const release = runner.release.bind(runner);
  const end = async (client: Client) => {
    applied.delete(client);
    await client.end().catch(() => undefined);
  };
  let connecting: Promise<Client> | undefined;
  let releasing: Promise<void> | undefined;
  runner.connect = () =>
    (connecting ??= connect().then(async (client) => {
      try {
        await ready(client);
        return client;
      } catch (err) {
        await end(client);
        await release();
        throw err;
      }
    }));
  runner.release = () =>
    (releasing ??= (async () => {
      // A connect still in flight must finish first, or its connection would never be released.
      const client = await connecting?.catch(() => undefined);
      if (client && !runner.isReleased && (runner.isTransactionActive || client.getTransactionStatus() !== 'I')) await end(client);
      await release();
    })());
  return runner;
}
