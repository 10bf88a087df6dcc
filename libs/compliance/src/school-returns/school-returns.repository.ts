// The one owner of `schools` and `school_returns` (migration 1765300000000): the LA's schools by
// URN, and each termly SEN support return as sent, one row per pupil.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ReturnRow, SchoolReturn } from '@app/rules';

interface ReturnColumns {
  child_ref: string;
  need_code: ReturnRow['needCode'];
  nc_year: number | null;
  started_on: string;
  last_reviewed_on: string | null;
}

@Injectable()
export class SchoolReturnsRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** Whether the LA lists the school (row security hides other LAs' schools anyway). */
  async hasSchool(la: string, schoolUrn: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM schools WHERE la_code = $1 AND school_urn = $2`, [la, schoolUrn]);
    return rows.length > 0;
  }

  /** The LA's schools, by URN. */
  async schools(la: string): Promise<string[]> {
    const rows: { school_urn: string }[] = await this.ds.query(`SELECT school_urn FROM schools WHERE la_code = $1 ORDER BY school_urn`, [
      la,
    ]);
    return rows.map((r) => r.school_urn);
  }

  /** Adds schools to the LA's list (idempotent). */
  async addSchools(la: string, urns: readonly string[]): Promise<void> {
    await this.ds.query(`INSERT INTO schools (la_code, school_urn) SELECT $1, u FROM unnest($2::text[]) AS u ON CONFLICT DO NOTHING`, [
      la,
      urns,
    ]);
  }

  /** The school's latest return dated before `before`, or null. */
  async previousReturn(la: string, schoolUrn: string, before: string): Promise<SchoolReturn | null> {
    const [latest]: { returned_on: string }[] = await this.ds.query(
      `SELECT max(returned_on)::text AS returned_on FROM school_returns WHERE la_code = $1 AND school_urn = $2 AND returned_on < $3`,
      [la, schoolUrn, before],
    );
    if (!latest?.returned_on) return null;
    return this.returnOn(la, schoolUrn, latest.returned_on);
  }

  /**
   * Pupils an earlier return of the school (dated before `before`) left off after they had been on
   * one: each with the date of the first return without them, the day the import ended their support.
   */
  async endedNotInReturn(la: string, schoolUrn: string, before: string): Promise<Map<string, string>> {
    const rows: { child_ref: string; ended_on: string }[] = await this.ds.query(
      `WITH returns AS (
         SELECT DISTINCT returned_on FROM school_returns WHERE la_code = $1 AND school_urn = $2 AND returned_on < $3
       ), seen AS (
         SELECT child_ref, max(returned_on) AS last_on FROM school_returns
         WHERE la_code = $1 AND school_urn = $2 AND returned_on < $3 GROUP BY child_ref
       )
       SELECT s.child_ref, min(r.returned_on)::text AS ended_on
       FROM seen s JOIN returns r ON r.returned_on > s.last_on
       GROUP BY s.child_ref`,
      [la, schoolUrn, before],
    );
    return new Map(rows.map((r) => [r.child_ref, r.ended_on]));
  }

  /** The school's return of that date, or null. */
  async returnOn(la: string, schoolUrn: string, returnedOn: string): Promise<SchoolReturn | null> {
    const rows: ReturnColumns[] = await this.ds.query(
      `SELECT child_ref, need_code, nc_year, started_on::text AS started_on, last_reviewed_on::text AS last_reviewed_on
       FROM school_returns WHERE la_code = $1 AND school_urn = $2 AND returned_on = $3 ORDER BY child_ref`,
      [la, schoolUrn, returnedOn],
    );
    if (!rows.length) return null;
    return {
      la,
      schoolUrn,
      returnedOn,
      rows: rows.map((r) => ({
        childRef: r.child_ref,
        needCode: r.need_code,
        ncYear: r.nc_year,
        startedOn: r.started_on,
        lastReviewedOn: r.last_reviewed_on,
      })),
    };
  }

  /** Stores the return, replacing one of the same school and date, in one transaction. */
  async saveReturn(r: SchoolReturn): Promise<void> {
    const rows = r.rows.map((x) => ({
      child_ref: x.childRef,
      need_code: x.needCode,
      nc_year: x.ncYear,
      started_on: x.startedOn,
      last_reviewed_on: x.lastReviewedOn,
    }));
    await this.ds.transaction(async (m) => {
      await m.query(`DELETE FROM school_returns WHERE la_code = $1 AND school_urn = $2 AND returned_on = $3`, [
        r.la,
        r.schoolUrn,
        r.returnedOn,
      ]);
      await m.query(
        `INSERT INTO school_returns (la_code, school_urn, returned_on, child_ref, need_code, nc_year, started_on, last_reviewed_on)
         SELECT $1, $2, $3, x.child_ref, x.need_code, x.nc_year, x.started_on, x.last_reviewed_on
         FROM jsonb_to_recordset($4::jsonb) AS x(child_ref text, need_code text, nc_year int, started_on date, last_reviewed_on date)`,
        [r.la, r.schoolUrn, r.returnedOn, JSON.stringify(rows)],
      );
    });
  }
}
