import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A step keeps its case's caseworker (`caseworker_ref`, as the case's evaluation holds it), so a
 * caseworker's list ("steps they hold, and every open step of the cases they hold") is read from the
 * steps alone. It was joined to the case's evaluation first, and `m.assignee_ref = $4 OR
 * ce.assignee_ref = $4` kept it off any index: a 50,000-case LA's list read its 15,000 open steps
 * due by the fortnight and hashed its 42,000 open evaluations (65-110 ms).
 *
 * The open-steps index gains the columns the lists filter on after the date (pathway for a team,
 * the caseworker and the step's holder for a person), tested in the index, not on the table's rows;
 * it replaces the index by the step's holder, which only the lists read.
 */
export class CaseworkerOnSteps1766800000000 implements MigrationInterface {
  name = 'CaseworkerOnSteps1766800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE case_milestones ADD COLUMN caseworker_ref text COLLATE "C"`);
    await q.query(`
      UPDATE case_milestones m SET caseworker_ref = ce.assignee_ref
      FROM case_evaluations ce
      WHERE ce.la_code = m.la_code AND ce.case_ref = m.case_ref AND ce.assignee_ref IS NOT NULL`);
    await q.query(`DROP INDEX case_milestones_open_idx`);
    await q.query(`DROP INDEX case_milestones_assignee_idx`);
    await q.query(`
      CREATE INDEX case_milestones_open_idx ON case_milestones (la_code, state, due_on, pathway, caseworker_ref, assignee_ref)
      WHERE done_on IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX case_milestones_open_idx`);
    await q.query(`CREATE INDEX case_milestones_open_idx ON case_milestones (la_code, state, due_on) WHERE done_on IS NULL`);
    await q.query(`CREATE INDEX case_milestones_assignee_idx ON case_milestones (la_code, assignee_ref, due_on) WHERE done_on IS NULL`);
    await q.query(`ALTER TABLE case_milestones DROP COLUMN caseworker_ref`);
  }
}
