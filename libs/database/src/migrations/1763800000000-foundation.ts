import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Local authorities, cases and the append-only event store. Reference columns use the "C"
 * collation: they are identifiers, and byte order keeps key comparisons cheap on any locale. Every key and index leads with
 * la_code so the tables can later be partitioned by LA (or distributed with Citus).
 */
export class Foundation1763800000000 implements MigrationInterface {
  name = 'Foundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE local_authorities (
        la_code     text COLLATE "C" PRIMARY KEY CHECK (la_code ~ '^[0-9]{3}$'),
        gss_code    text NOT NULL,
        name        text NOT NULL,
        region_code text NOT NULL,
        region_name text NOT NULL
      )`);
    await q.query(`
      CREATE TABLE cases (
        la_code        text COLLATE "C" NOT NULL REFERENCES local_authorities (la_code),
        case_ref       text COLLATE "C" NOT NULL,
        pathway        text NOT NULL,
        child_ref      text COLLATE "C" NOT NULL,
        first_event_on date NOT NULL,
        last_event_on  date NOT NULL,
        event_count    int  NOT NULL,
        created_at     timestamptz NOT NULL DEFAULT now(),
        updated_at     timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (la_code, case_ref)
      )`);
    await q.query(`CREATE INDEX cases_la_pathway_idx ON cases (la_code, pathway)`);
    await q.query(`CREATE INDEX cases_la_updated_idx ON cases (la_code, updated_at)`);
    await q.query(`
      CREATE TABLE events (
        la_code           text COLLATE "C" NOT NULL,
        event_id          text COLLATE "C" NOT NULL,
        case_ref          text COLLATE "C" NOT NULL,
        child_ref         text COLLATE "C" NOT NULL,
        pathway           text NOT NULL,
        type              text NOT NULL,
        occurred_on       date NOT NULL,
        payload           jsonb NOT NULL DEFAULT '{}'::jsonb,
        retracts_event_id text COLLATE "C",
        source            text NOT NULL,
        received_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (la_code, event_id)
      )`);
    // No foreign key to cases: the one write path creates an event's case in the same statement,
    // and a per-row key check would cost a third of the ingest time.
    await q.query(`CREATE INDEX events_la_case_idx ON events (la_code, case_ref, occurred_on)`);
    // The event store is the audit trail: corrections are new events (retract), never edits.
    await q.query(`
      CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % is not allowed', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE events`);
    await q.query(`DROP FUNCTION events_append_only`);
    await q.query(`DROP TABLE cases`);
    await q.query(`DROP TABLE local_authorities`);
  }
}
