import type { Pool, PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { APP_DB_ROLE, LA_SETTING } from './db-role';
import { databaseLaSetting } from './request-scope';

type Release = (err?: Error | boolean) => void;
type ConnectCallback = (err: Error | undefined, client?: PoolClient, release?: Release) => void;

const INSTALLED = Symbol('la-scoped-pool');
const RESET = `RESET ROLE; RESET ${LA_SETTING}`;

/** `SET ROLE` and the LA setting for a connection (the value is checked by laSettingOf). */
function setupSql(laSetting: string): string {
  return `SET ROLE ${APP_DB_ROLE}; SELECT set_config('${LA_SETTING}', '${laSetting}', false)`;
}

/**
 * Scopes every connection the DataSource takes inside a request: the one mechanism behind
 * row-level security for the API. `DataSource.query`, repositories, query runners and raw
 * clients (COPY) all take their connection from the pool, so all are covered without knowing
 * about it. A connection taken in a request runs `SET ROLE send_app` and sets app.la_codes to the
 * principal's LAs before it is handed out, and is reset before it goes back to the pool; if the
 * reset fails the connection is destroyed, never reused. Session-level (not SET LOCAL) so a
 * repository that commits or rolls back its own transaction stays restricted until release.
 * Outside a request (no scope) connections are the owner's, untouched.
 */
export function installLaScopedPool(dataSource: DataSource): void {
  const pool = (dataSource.driver as unknown as { master: Pool & { [INSTALLED]?: true } }).master;
  if (!pool || pool[INSTALLED]) return;
  pool[INSTALLED] = true;
  const connect = pool.connect.bind(pool) as (cb: ConnectCallback) => void;

  const scoped = (laSetting: string, cb: ConnectCallback) =>
    connect((err, client, release) => {
      if (err || !client || !release) return cb(err);
      client.query(setupSql(laSetting)).then(
        () => {
          let released = false;
          const scopedRelease: Release = (e) => {
            if (released) return;
            released = true;
            if (e) return release(e);
            client.query(RESET).then(() => release(), (resetErr: Error) => release(resetErr));
          };
          client.release = scopedRelease as PoolClient['release'];
          cb(undefined, client, scopedRelease);
        },
        (setupErr: Error) => {
          release(setupErr);
          cb(setupErr);
        },
      );
    });

  (pool as unknown as { connect: unknown }).connect = (cb?: ConnectCallback) => {
    const laSetting = databaseLaSetting();
    if (laSetting === undefined) return (connect as (cb?: ConnectCallback) => unknown)(cb);
    if (cb) return scoped(laSetting, cb);
    return new Promise<PoolClient>((resolve, reject) => scoped(laSetting, (e, c) => (e ? reject(e) : resolve(c!))));
  };
}
