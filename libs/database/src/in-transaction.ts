import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';

/** How a transaction opens: its isolation level and the settings it runs with (SET LOCAL). */
export interface TransactionOpening {
  isolation?: 'REPEATABLE READ' | 'SERIALIZABLE';
  /** Setting -> value, code constants only (they are written into the statement). */
  local?: Record<string, string>;
  /** Statements sent with the opening, in its one round trip (a session's temporary tables). */
  prepare?: readonly string[];
}

/**
 * SET LOCALs for statements over one LA's rows, run once an LA a night: starting parallel workers
 * costs more than it saves (one LA's open counts: 32 ms with a parallel worker, 11 ms without).
 * JIT compilation is off on every connection (CONNECTION_OPTIONS).
 */
export const ONE_LA_SETTINGS = { max_parallel_workers_per_gather: '0' } as const;

/** What runs statements: a transaction of inTransaction, or TypeORM's EntityManager. */
export interface Queryable {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows as TypeORM's query gives them
  query(sql: string, params?: unknown[]): Promise<any>;
}

/** A statement's name on a connection: from its text, so one name never stands for two texts. */
const nameOf = (sql: string) => `s${createHash('sha1').update(sql).digest('base64url').slice(0, 20)}`;

/**
 * One pooled connection in one transaction, opened (START TRANSACTION, its isolation level, its SET
 * LOCALs) in one round trip: committed if `work` resolves, rolled back if it throws, the connection
 * released either way. Through the DataSource's query runner, so an LA-scoped DataSource scopes it.
 */
export async function withClientTransaction<T>(
  db: DataSource,
  opening: TransactionOpening,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const runner = db.createQueryRunner();
  const client = (await runner.connect()) as PoolClient;
  try {
    const settings = Object.entries(opening.local ?? {}).map(([name, value]) => `SET LOCAL ${name} = ${value}`);
    const start = `START TRANSACTION${opening.isolation ? ` ISOLATION LEVEL ${opening.isolation}` : ''}`;
    await client.query([start, ...settings, ...(opening.prepare ?? [])].join('; '));
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    await runner.release();
  }
}

/**
 * Runs `work` in one transaction (withClientTransaction: opened in one round trip, where TypeORM's
 * transaction() sends each statement on its own) whose statements are prepared once per connection
 * (named after their text), so a statement run again on the same connection sends its parameters,
 * not its text, and PostgreSQL does not parse it again. Each is still planned for its own
 * parameters (plan_cache_mode force_custom_plan: a generic plan of the snapshot's annual reviews
 * ran 40 times slower). The nightly pass opens three such transactions an LA, and each write to
 * the socket costs node about 0.2 ms on this machine plus its bytes (1.5 s of a normal night's 7 s
 * of CPU went to them).
 */
export function inTransaction<T>(db: DataSource, opening: TransactionOpening, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const local = { plan_cache_mode: 'force_custom_plan', ...opening.local };
  return withClientTransaction(db, { ...opening, local }, (client) =>
    work({ query: async (sql, params = []) => (await client.query({ name: nameOf(sql), text: sql, values: params })).rows }),
  );
}
