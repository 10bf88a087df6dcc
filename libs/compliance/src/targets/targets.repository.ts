import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Pathway, Target } from '@app/rules';
import type { StatusToWrite } from './target-statuses';
import type { NamedTargetStatus, StoredTarget, TargetSource, TargetStatusRow, TargetView } from './target-record';

const TARGET_COLUMNS = `t.la_code, t.target_id, t.name, t.pathway, t.measure, t.threshold, t.comparator,
  t.deadline::text AS deadline, t.trajectory, t.interpolation, t.source, t.created_at, t.updated_at`;

/** A targets row as TARGET_COLUMNS reads it (bigint ids arrive as text). */
interface TargetColumns {
  la_code: string;
  target_id: string;
  name: string;
  pathway: StoredTarget['pathway'];
  measure: StoredTarget['measure'];
  threshold: number;
  comparator: StoredTarget['comparator'];
  deadline: string;
  trajectory: StoredTarget['trajectory'];
  interpolation: StoredTarget['interpolation'];
  source: TargetSource;
  created_at: Date;
  updated_at: Date;
}

/** A target_statuses row as the queries below read it. */
interface StatusColumns {
  status_on: string;
  expected: number;
  actual: number | null;
  status: TargetStatusRow['status'];
  deadline_passed: boolean;
}

const toTarget = (r: TargetColumns): StoredTarget => ({
  la: r.la_code,
  id: Number(r.target_id),
  name: r.name,
  pathway: r.pathway,
  measure: r.measure,
  threshold: r.threshold,
  comparator: r.comparator,
  deadline: r.deadline,
  trajectory: r.trajectory,
  interpolation: r.interpolation,
  source: r.source,
  createdAt: new Date(r.created_at).toISOString(),
  updatedAt: new Date(r.updated_at).toISOString(),
});

const toStatus = (r: StatusColumns): TargetStatusRow => ({
  on: r.status_on,
  expected: r.expected,
  actual: r.actual,
  status: r.status,
  deadlinePassed: r.deadline_passed,
});

/** The values a target is stored with, in column order $3.. of the statements below. */
const values = (t: Target & { name: string }) => [
  t.name,
  t.pathway,
  t.measure,
  t.threshold,
  t.comparator,
  t.deadline,
  JSON.stringify(t.trajectory),
  t.interpolation,
];

/** The only code that reads or writes targets and target_statuses. */
@Injectable()
export class TargetsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Targets with each one's latest status; every filter optional. */
  async list(la?: string, pathway?: Pathway): Promise<TargetView[]> {
    const rows: (TargetColumns & Partial<StatusColumns>)[] = await this.db.query(
      `SELECT ${TARGET_COLUMNS}, s.status_on::text AS status_on, s.expected, s.actual, s.status,
         s.status_on > t.deadline AS deadline_passed
       FROM targets t
       LEFT JOIN LATERAL (
         SELECT * FROM target_statuses s WHERE s.la_code = t.la_code AND s.target_id = t.target_id
         ORDER BY s.status_on DESC LIMIT 1) s ON true
       WHERE ($1::text IS NULL OR t.la_code = $1) AND ($2::text IS NULL OR t.pathway = $2)
       ORDER BY t.la_code, t.target_id`,
      [la ?? null, pathway ?? null],
    );
    return rows.map((r) => ({ ...toTarget(r), latestStatus: r.status_on ? toStatus(r as StatusColumns) : null }));
  }

  async get(la: string, id: number): Promise<StoredTarget | undefined> {
    const rows: TargetColumns[] = await this.db.query(`SELECT ${TARGET_COLUMNS} FROM targets t WHERE la_code = $1 AND target_id = $2`, [
      la,
      id,
    ]);
    return rows[0] && toTarget(rows[0]);
  }

  /**
   * Inserts a local target; undefined when the LA is unknown or the name is taken (one statement,
   * so a refused target writes nothing). `laExists` tells the two apart.
   */
  async insert(la: string, t: Target & { name: string }): Promise<StoredTarget | undefined> {
    const rows: TargetColumns[] = await this.db.query(
      `INSERT INTO targets AS t (la_code, name, pathway, measure, threshold, comparator, deadline, trajectory, interpolation, source)
       SELECT la_code, $2::text, $3::text, $4::text, $5::float8, $6::text, $7::date, $8::jsonb, $9::text, 'local'
       FROM local_authorities WHERE la_code = $1
       ON CONFLICT (la_code, name) DO NOTHING
       RETURNING ${TARGET_COLUMNS}`,
      [la, ...values(t)],
    );
    return rows[0] && toTarget(rows[0]);
  }

  async laExists(la: string): Promise<boolean> {
    return (await this.db.query(`SELECT 1 FROM local_authorities WHERE la_code = $1`, [la])).length > 0;
  }

  /** Replaces a target's definition (its name included, though the service keeps it). */
  async replace(la: string, id: number, t: Target & { name: string }, source: TargetSource): Promise<StoredTarget | undefined> {
    const [rows]: [TargetColumns[], number] = await this.db.query(
      `UPDATE targets AS t SET name = $3, pathway = $4, measure = $5, threshold = $6, comparator = $7, deadline = $8::date,
         trajectory = $9::jsonb, interpolation = $10, source = $11, updated_at = now()
       WHERE la_code = $1 AND target_id = $2
       RETURNING ${TARGET_COLUMNS}`,
      [la, id, ...values(t), source],
    );
    return rows[0] && toTarget(rows[0]);
  }

  /** Every target, or one LA's, for the nightly status run. */
  async targetsOf(la?: string): Promise<StoredTarget[]> {
    const rows: TargetColumns[] = await this.db.query(
      `SELECT ${TARGET_COLUMNS} FROM targets t WHERE $1::text IS NULL OR la_code = $1 ORDER BY la_code, target_id`,
      [la ?? null],
    );
    return rows.map(toTarget);
  }

  /** Upserts one LA's statuses for a date in one statement; returns how many rows were written. */
  async writeStatuses(la: string, on: string, statuses: StatusToWrite[]): Promise<number> {
    if (!statuses.length) return 0;
    const rows: unknown[] = await this.db.query(
      `INSERT INTO target_statuses (la_code, target_id, status_on, expected, actual, status)
       SELECT $1, s.target_id, $2::date, s.expected, s.actual, s.status
       FROM unnest($3::bigint[], $4::float8[], $5::float8[], $6::text[]) AS s(target_id, expected, actual, status)
       ON CONFLICT (la_code, target_id, status_on) DO UPDATE
         SET expected = excluded.expected, actual = excluded.actual, status = excluded.status
       RETURNING 1`,
      [
        la,
        on,
        statuses.map((s) => s.targetId),
        statuses.map((s) => s.expected),
        statuses.map((s) => s.actual),
        statuses.map((s) => s.status),
      ],
    );
    return rows.length;
  }

  /** One target's statuses, oldest first. */
  async history(la: string, id: number): Promise<TargetStatusRow[]> {
    const rows: StatusColumns[] = await this.db.query(
      `SELECT s.status_on::text AS status_on, s.expected, s.actual, s.status, s.status_on > t.deadline AS deadline_passed
       FROM target_statuses s JOIN targets t USING (la_code, target_id)
       WHERE s.la_code = $1 AND s.target_id = $2 ORDER BY s.status_on`,
      [la, id],
    );
    return rows.map(toStatus);
  }

  /** Each of an LA's targets' status on a date, or its latest when no date is given. */
  async statuses(la: string, on?: string): Promise<NamedTargetStatus[]> {
    const rows: (StatusColumns & Pick<TargetColumns, 'target_id' | 'name' | 'pathway' | 'measure'>)[] = await this.db.query(
      `SELECT DISTINCT ON (t.target_id) t.target_id, t.name, t.pathway, t.measure, s.status_on::text AS status_on,
         s.expected, s.actual, s.status, s.status_on > t.deadline AS deadline_passed
       FROM target_statuses s JOIN targets t USING (la_code, target_id)
       WHERE s.la_code = $1 AND ($2::date IS NULL OR s.status_on = $2::date)
       ORDER BY t.target_id, s.status_on DESC`,
      [la, on ?? null],
    );
    return rows.map((r) => ({ targetId: Number(r.target_id), name: r.name, pathway: r.pathway, measure: r.measure, ...toStatus(r) }));
  }
}
