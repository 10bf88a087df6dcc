import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Queryable } from '@app/database';
import type { Pathway } from '@app/rules';
import type { SnapshotRow } from './snapshot-measures';

/** The only code that reads or writes measure_snapshots. */
@Injectable()
export class SnapshotsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Replaces one LA's snapshot for a date in one statement (one round trip; in `tx`, else in its own
   * transaction): its rows written over those stored, and the stored rows it no longer has deleted.
   */
  async write(la: string, on: string, rows: SnapshotRow[], tx: Queryable = this.db): Promise<void> {
    await tx.query(
      `WITH x AS (SELECT * FROM json_to_recordset($3::json) AS x(pathway text, need_code text, measures jsonb)),
       gone AS (
         DELETE FROM measure_snapshots s WHERE s.la_code = $1 AND s.snapshot_on = $2::date
           AND NOT EXISTS (SELECT 1 FROM x WHERE x.pathway = s.pathway AND x.need_code = s.need_code)
       )
       INSERT INTO measure_snapshots (la_code, snapshot_on, pathway, need_code, measures)
       SELECT $1, $2::date, x.pathway, x.need_code, x.measures FROM x
       ON CONFLICT (la_code, snapshot_on, pathway, need_code) DO UPDATE SET measures = excluded.measures`,
      [la, on, JSON.stringify(rows.map((r) => ({ pathway: r.pathway, need_code: r.needCode, measures: r.measures })))],
    );
  }

  async read(la: string, on: string): Promise<SnapshotRow[]> {
    const rows = await this.db.query(
      `SELECT pathway, need_code, measures FROM measure_snapshots WHERE la_code = $1 AND snapshot_on = $2
       ORDER BY pathway, need_code`,
      [la, on],
    );
    return rows.map((r: { pathway: Pathway; need_code: string; measures: SnapshotRow['measures'] }) => ({
      la,
      snapshotOn: on,
      pathway: r.pathway,
      needCode: r.need_code,
      measures: r.measures,
    }));
  }

  /** The first LA-wide ('all') row of a pathway on or after `from` and not after `to`, if any. */
  async first(la: string, pathway: Pathway, from: string, to: string): Promise<SnapshotRow | undefined> {
    const [r] = await this.db.query(
      `SELECT snapshot_on::text, measures FROM measure_snapshots
       WHERE la_code = $1 AND pathway = $2 AND need_code = 'all' AND snapshot_on BETWEEN $3 AND $4 ORDER BY snapshot_on LIMIT 1`,
      [la, pathway, from, to],
    );
    return r ? { la, snapshotOn: r.snapshot_on, pathway, needCode: 'all', measures: r.measures } : undefined;
  }

  /** The latest LA-wide ('all') row of a pathway on or before `on`, if any. */
  async latest(la: string, pathway: Pathway, on: string): Promise<SnapshotRow | undefined> {
    const [r] = await this.db.query(
      `SELECT snapshot_on::text, measures FROM measure_snapshots
       WHERE la_code = $1 AND pathway = $2 AND need_code = 'all' AND snapshot_on <= $3 ORDER BY snapshot_on DESC LIMIT 1`,
      [la, pathway, on],
    );
    return r ? { la, snapshotOn: r.snapshot_on, pathway, needCode: 'all', measures: r.measures } : undefined;
  }

  /** One measure's trend: the 'all' rows of a pathway between two dates. */
  async series(la: string, pathway: Pathway, from: string, to: string, needCode = 'all'): Promise<SnapshotRow[]> {
    const rows = await this.db.query(
      `SELECT snapshot_on::text, need_code, measures FROM measure_snapshots
       WHERE la_code = $1 AND pathway = $2 AND need_code = $5 AND snapshot_on BETWEEN $3 AND $4 ORDER BY snapshot_on`,
      [la, pathway, from, to, needCode],
    );
    return rows.map((r: { snapshot_on: string; need_code: string; measures: SnapshotRow['measures'] }) => ({
      la,
      snapshotOn: r.snapshot_on,
      pathway,
      needCode: r.need_code,
      measures: r.measures,
    }));
  }
}
