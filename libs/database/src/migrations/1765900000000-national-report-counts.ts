import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The advice services of the rules contract (libs/rules ADVICE_SERVICES), as this migration created their columns. */
const ADVICE_SERVICES = ['ep', 'slt', 'ot', 'physio', 'paediatrics', 'health_other', 'social_care', 'school', 'other'];

/**
 * Stored counts for the national reports (issue 16: England under 200 ms), written by the reports
 * module alone (libs/compliance/src/reports):
 * - `open_assessment_counts` also keeps an LA's open assessments as of a past date, counted from
 *   its events (the report's answer for a date before the stored evaluations): `events_seen_at`
 *   says every event received before it was counted, `rules_key` which rules table counted them.
 *   Such a row stands until an event dated by then (or a retraction) arrives for the LA. Rows
 *   counted from the stored milestones (today's, refreshed after each recompute) leave both null.
 * - `review_counts`: each LA's annual review steps done, per day (meetings, decisions, review
 *   completed, amended plans within the cap) and phase transfers falling due, per day and state;
 *   replaced for the LA whenever its stored counts are refreshed (after its milestones change).
 * - `stage_counts`: each LA's decisions to assess and advice by service done per day (on time or
 *   not, with and without exceptions), refreshed with review_counts.
 *   `day_counts_refreshes` records each LA's refresh and the review cap rule it was counted with.
 */
export class NationalReportCounts1765900000000 implements MigrationInterface {
  name = 'NationalReportCounts1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE open_assessment_counts ADD COLUMN events_seen_at timestamptz, ADD COLUMN rules_key text`);
    await q.query(`
      CREATE TABLE review_counts (
        la_code text COLLATE "C" NOT NULL,
        on_date date NOT NULL,
        meetings_hit int NOT NULL,
        meetings_all int NOT NULL,
        decisions_hit int NOT NULL,
        decisions_all int NOT NULL,
        completed_hit int NOT NULL,
        amended_hit int NOT NULL,
        amended_all int NOT NULL,
        transfers_met int NOT NULL,
        transfers_missed int NOT NULL,
        transfers_pending int NOT NULL,
        transfers_overdue int NOT NULL,
        transfers_exempt int NOT NULL,
        PRIMARY KEY (la_code, on_date)
      )`);
    // Decisions to assess and advice (by service) done per day, each on time or not, with and without exceptions.
    const shares = (prefix: string) => ['hit', 'all', 'hit_ex', 'all_ex'].map((c) => `${prefix}_${c} int NOT NULL`);
    await q.query(`
      CREATE TABLE stage_counts (
        la_code text COLLATE "C" NOT NULL,
        on_date date NOT NULL,
        ${[...shares('decisions'), ...ADVICE_SERVICES.flatMap((s) => shares(`advice_${s}`))].join(',\n        ')},
        PRIMARY KEY (la_code, on_date)
      )`);
    await q.query(`
      CREATE TABLE day_counts_refreshes (
        la_code text COLLATE "C" NOT NULL PRIMARY KEY,
        cap_days int NOT NULL,
        cap_rule_known boolean NOT NULL,
        refreshed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`SELECT apply_la_isolation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE day_counts_refreshes`);
    await q.query(`DROP TABLE stage_counts`);
    await q.query(`DROP TABLE review_counts`);
    await q.query(`ALTER TABLE open_assessment_counts DROP COLUMN events_seen_at, DROP COLUMN rules_key`);
  }
}
