import { DataSource, type QueryRunner, type ReplicationMode } from 'typeorm';
import { APP_DB_ROLE, LA_SETTING } from './db-role';
import { databaseLaSetting } from './request-scope';

/** What QueryRunner.connect() resolves to for PostgreSQL (a pg PoolClient), as far as the scope uses it. */
interface Client {
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
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
 * a request scope is scoped (scopeQueryRunner); outside any scope (worker, CLI, migrations,
 * start-up, runAsSystem) it is TypeORM's own, untouched, and runs as the owner.
 */
export class LaScopedDataSource extends DataSource {
  override createQueryRunner(mode?: ReplicationMode): QueryRunner {
    const runner = super.createQueryRunner(mode);
    const laSetting = databaseLaSetting();
    return laSetting === undefined ? runner : scopeQueryRunner(runner, laSetting);
  }
}

/**
 * Makes a query runner's connection run as `send_app` with app.la_codes = `laSetting`. Its first
 * connect runs the setup on the client before anything else (concurrent callers share that one
 * setup); its release resets the connection before it goes back to the pool. Session-level, not
 * SET LOCAL, so code that commits or rolls back its own transaction stays restricted until release.
 * A connection that cannot be reset is ended, never reused: pg-pool drops an ended client instead
 * of pooling it, and an ended client could not serve anyone anyway. So is one released inside an
 * open transaction, where a later ROLLBACK would undo the reset and bring this scope back.
 */
export function scopeQueryRunner(runner: QueryRunner, laSetting: string): QueryRunner {
  const connect = runner.connect.bind(runner) as () => Promise<Client>;
  const release = runner.release.bind(runner);
  let connecting: Promise<Client> | undefined;
  let releasing: Promise<void> | undefined;

  const end = (client: Client) => client.end().catch(() => undefined);

  runner.connect = () =>
    (connecting ??= connect().then(async (client) => {
      try {
        await client.query(setupSql(laSetting));
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
      if (client && !runner.isReleased) {
        const reset = runner.isTransactionActive ? Promise.reject(new Error('released inside a transaction')) : client.query(RESET);
        await reset.catch(() => end(client));
      }
      await release();
    })());

  return runner;
}
