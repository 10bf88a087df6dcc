import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `waiting_list_counts`: each LA's waiting list (slt, neurodevelopmental) as of a date, the counts
 * the waiting list report adds up for several LAs (issue 16: England's list from 302 stored rows,
 * not from every open referral on each request): days waited, waits of those seen in the last
 * year, NICE QS51 (ND), and the LA's longest waiters. `rules_key` says which rules they were
 * counted with (the DNA clock rule, QS51's months). Refreshed for one LA at the end of its nightly
 * pass and after a recompute writes one of its referrals; written by the reports module
 * (waiting-list-counts.repository.ts) alone.
 */
export class WaitingListCounts1766100000000 implements MigrationInterface {
  name = 'WaitingListCounts1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE waiting_list_counts (
        la_code text COLLATE "C" NOT NULL,
        as_of date NOT NULL,
        pathway text NOT NULL CHECK (pathway IN ('slt', 'neurodevelopmental')),
        rules_key text NOT NULL,
        waiting_days jsonb NOT NULL,
        seen_days jsonb NOT NULL,
        longest jsonb NOT NULL,
        qs51_within int,
        qs51_of int,
        refreshed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (la_code, as_of, pathway)
      )`);
    await q.query(`SELECT apply_la_isolation()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE waiting_list_counts`);
  }
}
