import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Wakes the outbox relay on commit instead of at its next poll: a statement-level trigger on each
 * outbox table sends NOTIFY outbox_rows (payload: the table) after any statement that inserts or
 * re-queues rows (the ingest write's upsert into recompute_requests, the recompute's upsert into
 * alerts). PostgreSQL delivers a notification only when its transaction commits, and folds
 * repeats within one transaction, so a 200,000-event import sends one. Statement level, so its
 * cost does not grow with the rows. The relay's own UPDATEs (relayed_at) do not fire it.
 */
export class OutboxNotify1765600000000 implements MigrationInterface {
  name = 'OutboxNotify1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox_rows', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER recompute_requests_notify AFTER INSERT ON recompute_requests
                   FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
    await q.query(`CREATE TRIGGER alerts_notify AFTER INSERT ON alerts FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER alerts_notify ON alerts`);
    await q.query(`DROP TRIGGER recompute_requests_notify ON recompute_requests`);
    await q.query(`DROP FUNCTION outbox_notify()`);
  }
}
