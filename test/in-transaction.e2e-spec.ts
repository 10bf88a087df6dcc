// inTransaction (libs/database): a transaction opened in one round trip, with its isolation level and
// SET LOCALs, committed when the work resolves and rolled back when it throws. The run's database.
import { createDataSource, inTransaction } from '@app/database';
import type { DataSource } from 'typeorm';

let db: DataSource;
const table = `in_tx_${process.pid}`;

beforeAll(async () => {
  db = await createDataSource(process.env.DATABASE_URL!).initialize();
  await db.query(`CREATE TABLE ${table} (n int)`);
});

afterAll(async () => {
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.destroy();
});

describe('connections', () => {
  it('start with JIT compilation off (CONNECTION_OPTIONS): every statement here answers in milliseconds', async () => {
    const seen = await Promise.all(Array.from({ length: 3 }, () => db.query(`SELECT current_setting('jit') AS jit`)));
    expect(seen.flat()).toEqual([{ jit: 'off' }, { jit: 'off' }, { jit: 'off' }]);
    const [server] = await db.query(`SELECT reset_val FROM pg_settings WHERE name = 'jit'`);
    expect(server.reset_val).toBe('off'); // the connection's own start-up value, whatever the server's default
  });
});

describe('inTransaction', () => {
  it('runs the work at the isolation level and settings asked for, and commits it', async () => {
    const seen = await inTransaction(
      db,
      { isolation: 'REPEATABLE READ', local: { enable_nestloop: 'off', work_mem: "'7MB'" } },
      async (tx) => {
        await tx.query(`INSERT INTO ${table} VALUES (1)`);
        const [s] = await tx.query(
          `SELECT current_setting('transaction_isolation') AS iso, current_setting('enable_nestloop') AS nestloop,
             current_setting('work_mem') AS mem`,
        );
        return s;
      },
    );
    expect(seen).toEqual({ iso: 'repeatable read', nestloop: 'off', mem: '7MB' });
    expect(await db.query(`SELECT n FROM ${table}`)).toEqual([{ n: 1 }]);
    // SET LOCAL ends with the transaction: the connection goes back to the pool as it was.
    const [after] = await db.query(`SELECT current_setting('work_mem') AS mem`);
    expect(after.mem).not.toBe('7MB');
  });

  it('rolls everything back when the work throws, and throws its error', async () => {
    const work = inTransaction(db, { local: { work_mem: "'7MB'" } }, async (tx) => {
      await tx.query(`INSERT INTO ${table} VALUES (2)`);
      throw new Error('refused');
    });
    await expect(work).rejects.toThrow('refused');
    expect(await db.query(`SELECT n FROM ${table} WHERE n = 2`)).toEqual([]);
  });
});
