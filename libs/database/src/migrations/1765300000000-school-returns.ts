import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Schools and their termly SEN support returns (issue 15). `schools` is the LA's list of schools by
 * URN (which school's return the LA takes; the seed fills it with synthetic URNs); `school_returns`
 * holds each return as sent, one row per pupil, so the next return can be diffed with it. Row
 * security: migrate's apply_la_isolation() covers both (they lead with la_code). One owner:
 * libs/compliance/src/school-returns/school-returns.repository.ts.
 */
export class SchoolReturns1765300000000 implements MigrationInterface {
  name = 'SchoolReturns1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE schools (
        la_code    text COLLATE "C" NOT NULL,
        school_urn text COLLATE "C" NOT NULL CHECK (school_urn ~ '^[0-9]{6}$'),
        PRIMARY KEY (la_code, school_urn)
      )`);
    await q.query(`
      CREATE TABLE school_returns (
        la_code          text COLLATE "C" NOT NULL,
        school_urn       text COLLATE "C" NOT NULL,
        returned_on      date NOT NULL,
        child_ref        text COLLATE "C" NOT NULL,
        need_code        text NOT NULL,
        nc_year          int,
        started_on       date NOT NULL,
        last_reviewed_on date,
        PRIMARY KEY (la_code, school_urn, returned_on, child_ref),
        FOREIGN KEY (la_code, school_urn) REFERENCES schools (la_code, school_urn)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE school_returns`);
    await q.query(`DROP TABLE schools`);
  }
}
