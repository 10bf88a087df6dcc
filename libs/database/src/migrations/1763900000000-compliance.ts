import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the worker computes from the event store: each case's evaluation and milestones, the
 * recompute outbox, alerts (an outbox too) and their digests, the staff who receive them, targets,
 * nightly measure snapshots, weekly summaries and a ledger of scheduled jobs. Keys lead with la_code.
 */
export class Compliance1763900000000 implements MigrationInterface {
  name = 'Compliance1763900000000';

  async up(q: QueryRunner): Promise<void> {
    // Written by the ingest statement itself, so an accepted batch can never lose its recompute.
    await q.query(`CREATE SEQUENCE recompute_seq`);
    await q.query(`
      CREATE TABLE recompute_requests (
        la_code      text COLLATE "C" NOT NULL,
        case_ref     text COLLATE "C" NOT NULL,
        seq          bigint NOT NULL DEFAULT nextval('recompute_seq'),
        requested_at timestamptz NOT NULL DEFAULT now(),
        -- Set when a job was queued; a row still here long after was lost with Redis and goes again.
        relayed_at   timestamptz,
        PRIMARY KEY (la_code, case_ref)
      )`);
    await q.query(`
      CREATE TABLE case_evaluations (
        la_code         text COLLATE "C" NOT NULL,
        case_ref        text COLLATE "C" NOT NULL,
        pathway         text NOT NULL,
        child_ref       text COLLATE "C" NOT NULL,
        need_code       text,
        status          text NOT NULL,
        outcome         text,
        started_on      date,
        closed_on       date,
        wait_clock_start date,
        wait_stopped_on date,
        wait_days       int,
        assignee_ref    text COLLATE "C",
        team            text NOT NULL,
        event_count     int NOT NULL,
        as_of           date NOT NULL,
        fingerprint     text NOT NULL,
        evaluated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (la_code, case_ref)
      )`);
    await q.query(`CREATE INDEX case_evaluations_la_pathway_idx ON case_evaluations (la_code, pathway, status)`);
    await q.query(`
      CREATE TABLE case_milestones (
        la_code          text COLLATE "C" NOT NULL,
        case_ref         text COLLATE "C" NOT NULL,
        milestone_key    text COLLATE "C" NOT NULL,
        pathway          text NOT NULL,
        kind             text NOT NULL,
        service          text,
        cycle            int,
        clock_from       date NOT NULL,
        due_on           date NOT NULL,
        done_on          date,
        state            text NOT NULL CHECK (state IN ('met', 'missed', 'pending', 'overdue', 'exempt')),
        exception_reason text,
        assignee_ref     text COLLATE "C",
        as_of            date NOT NULL,
        PRIMARY KEY (la_code, case_ref, milestone_key)
      )`);
    // Caseworker lists: what is overdue or falls due soon, by state and date.
    await q.query(`CREATE INDEX case_milestones_open_idx ON case_milestones (la_code, state, due_on) WHERE done_on IS NULL`);
    await q.query(`CREATE INDEX case_milestones_assignee_idx ON case_milestones (la_code, assignee_ref, due_on) WHERE done_on IS NULL`);
    await q.query(`
      CREATE TABLE staff (
        la_code   text COLLATE "C" NOT NULL,
        staff_ref text COLLATE "C" NOT NULL,
        role      text NOT NULL CHECK (role IN ('caseworker', 'team_manager', 'leader', 'service')),
        team      text NOT NULL,
        service   text,
        email     text NOT NULL,
        PRIMARY KEY (la_code, staff_ref)
      )`);
    await q.query(`
      CREATE TABLE alerts (
        la_code         text COLLATE "C" NOT NULL,
        alert_id        bigserial,
        dedupe_key      text COLLATE "C" NOT NULL,
        case_ref        text COLLATE "C" NOT NULL,
        milestone_key   text COLLATE "C" NOT NULL,
        kind            text NOT NULL,
        pathway         text NOT NULL,
        service         text,
        due_on          date NOT NULL,
        raised_on       date NOT NULL,
        recipient_ref   text COLLATE "C",
        escalates_alert_id bigint,
        relayed_at      timestamptz,
        delivered_at    timestamptz,
        digest_id       bigint,
        emailed_at      timestamptz,
        acknowledged_at timestamptz,
        acknowledged_by text,
        escalated_at    timestamptz,
        resolved_at     timestamptz,
        resolution      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (la_code, alert_id),
        UNIQUE (la_code, dedupe_key)
      )`);
    await q.query(`CREATE INDEX alerts_outbox_idx ON alerts (la_code, alert_id) WHERE delivered_at IS NULL`);
    await q.query(`CREATE INDEX alerts_inbox_idx ON alerts (la_code, recipient_ref, alert_id) WHERE resolved_at IS NULL`);
    await q.query(`CREATE INDEX alerts_case_idx ON alerts (la_code, case_ref) WHERE resolved_at IS NULL`);
    await q.query(`
      CREATE TABLE alert_digests (
        la_code       text COLLATE "C" NOT NULL,
        digest_id     bigserial,
        recipient_ref text COLLATE "C" NOT NULL,
        digest_on     date NOT NULL,
        status        text NOT NULL CHECK (status IN ('sending', 'sent')),
        alert_count   int NOT NULL,
        message_id    text NOT NULL,
        created_at    timestamptz NOT NULL DEFAULT now(),
        sent_at       timestamptz,
        PRIMARY KEY (la_code, digest_id),
        UNIQUE (la_code, recipient_ref, digest_on)
      )`);
    await q.query(`
      CREATE TABLE targets (
        la_code       text COLLATE "C" NOT NULL,
        target_id     bigserial,
        name          text NOT NULL,
        pathway       text NOT NULL,
        measure       text NOT NULL,
        threshold     double precision NOT NULL,
        comparator    text NOT NULL CHECK (comparator IN ('lte', 'gte')),
        deadline      date NOT NULL,
        trajectory    jsonb NOT NULL DEFAULT '[]'::jsonb,
        interpolation text NOT NULL DEFAULT 'linear',
        source        text NOT NULL CHECK (source IN ('default', 'local')),
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (la_code, target_id),
        UNIQUE (la_code, name)
      )`);
    await q.query(`
      CREATE TABLE target_statuses (
        la_code   text COLLATE "C" NOT NULL,
        target_id bigint NOT NULL,
        status_on date NOT NULL,
        expected  double precision NOT NULL,
        actual    double precision,
        status    text,
        PRIMARY KEY (la_code, target_id, status_on)
      )`);
    await q.query(`
      CREATE TABLE measure_snapshots (
        la_code     text COLLATE "C" NOT NULL,
        snapshot_on date NOT NULL,
        pathway     text NOT NULL,
        need_code   text NOT NULL,
        measures    jsonb NOT NULL,
        PRIMARY KEY (la_code, snapshot_on, pathway, need_code)
      )`);
    await q.query(`
      CREATE TABLE weekly_summaries (
        la_code    text COLLATE "C" NOT NULL,
        week       text NOT NULL,
        week_start date NOT NULL,
        figures    jsonb NOT NULL,
        html       text NOT NULL,
        csv        text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        emailed_at timestamptz,
        PRIMARY KEY (la_code, week)
      )`);
    // Scheduled jobs as they ran: a second run of one period's job would show as runs = 2.
    await q.query(`
      CREATE TABLE job_runs (
        job_id      text PRIMARY KEY,
        queue       text NOT NULL,
        runs        int NOT NULL DEFAULT 1,
        worker_id   text NOT NULL,
        started_at  timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now(),
        detail      jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'job_runs',
      'weekly_summaries',
      'measure_snapshots',
      'target_statuses',
      'targets',
      'alert_digests',
      'alerts',
      'staff',
      'case_milestones',
      'case_evaluations',
      'recompute_requests',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP SEQUENCE recompute_seq`);
  }
}
