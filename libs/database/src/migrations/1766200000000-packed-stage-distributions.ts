import type { MigrationInterface, QueryRunner } from 'typeorm';

// A stored sample as [enteredAge, leftAge, endAge, flags, caseIndex] (flags: 1 plan, 2 exempt), from
// the object form the first version stored.
const PACKED_SAMPLE = `jsonb_build_array((s ->> 'enteredAge')::int, (s ->> 'leftAge')::int, (s ->> 'endAge')::int,
  CASE WHEN (s ->> 'plan')::boolean THEN 1 ELSE 0 END + CASE WHEN (s ->> 'exempt')::boolean THEN 2 ELSE 0 END,
  (s ->> 'caseIndex')::int)`;

/**
 * `ehc_stage_distributions.distributions` becomes plain `json` with each sample packed as an array
 * (issue 16): the nightly pass writes every LA's row each night and reads it back, and as jsonb
 * with a keyed object a sample (35 to 120 KB of text an LA at 1,000,000 cases) its input alone
 * took PostgreSQL 0.9 s a night. Nothing queries inside it; StageDistributionsRepository packs and
 * unpacks. Rows already stored are packed in place.
 */
export class PackedStageDistributions1766200000000 implements MigrationInterface {
  name = 'PackedStageDistributions1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      UPDATE ehc_stage_distributions SET distributions = jsonb_set(distributions, '{byStage}', (
        SELECT coalesce(jsonb_object_agg(b.stage, (
          SELECT coalesce(jsonb_agg(${PACKED_SAMPLE} ORDER BY e.o), '[]')
          FROM jsonb_array_elements(b.samples) WITH ORDINALITY AS e(s, o))), '{}')
        FROM jsonb_each(distributions -> 'byStage') AS b(stage, samples)))`);
    await q.query(`ALTER TABLE ehc_stage_distributions ALTER COLUMN distributions TYPE json USING distributions::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ehc_stage_distributions ALTER COLUMN distributions TYPE jsonb USING distributions::jsonb`);
    await q.query(`
      UPDATE ehc_stage_distributions SET distributions = jsonb_set(distributions, '{byStage}', (
        SELECT coalesce(jsonb_object_agg(b.stage, (
          SELECT coalesce(jsonb_agg(jsonb_build_object('enteredAge', s -> 0, 'leftAge', s -> 1, 'endAge', s -> 2,
            'plan', (s ->> 3)::int & 1 = 1, 'exempt', (s ->> 3)::int & 2 = 2, 'caseIndex', s -> 4) ORDER BY e.o), '[]')
          FROM jsonb_array_elements(b.samples) WITH ORDINALITY AS e(s, o))), '{}')
        FROM jsonb_each(distributions -> 'byStage') AS b(stage, samples)))`);
  }
}
