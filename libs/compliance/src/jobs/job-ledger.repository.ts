import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface JobRun {
  jobId: string;
  queue: string;
  runs: number;
  workerId: string;
  startedAt: Date;
  finishedAt: Date;
  detail: Record<string, unknown>;
}

/**
 * The ledger of scheduled (period) jobs. A job already finished is skipped even if Redis lost its
 * record; a second run would show as runs = 2, which the tests check never happens.
 */
@Injectable()
export class JobLedgerRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async finished(jobId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM job_runs WHERE job_id = $1`, [jobId]);
    return rows.length > 0;
  }

  async record(jobId: string, queue: string, workerId: string, startedAt: Date, detail: Record<string, unknown>): Promise<void> {
    await this.db.query(
      `INSERT INTO job_runs (job_id, queue, worker_id, started_at, detail) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (job_id) DO UPDATE SET runs = job_runs.runs + 1, worker_id = excluded.worker_id,
         started_at = excluded.started_at, finished_at = now(), detail = excluded.detail`,
      [jobId, queue, workerId, startedAt, JSON.stringify(detail)],
    );
  }

  /** When the newest job whose id starts with `prefix` finished ('nightly:'), or null if none has. */
  async lastFinished(prefix: string): Promise<Date | null> {
    const [row] = await this.db.query(`SELECT max(finished_at) AS at FROM job_runs WHERE job_id LIKE $1`, [`${prefix}%`]);
    return row?.at ? new Date(row.at) : null;
  }

  async list(prefix: string): Promise<JobRun[]> {
    const rows = await this.db.query(
      `SELECT job_id, queue, runs, worker_id, started_at, finished_at, detail FROM job_runs WHERE job_id LIKE $1 ORDER BY job_id`,
      [`${prefix}%`],
    );
    return rows.map((r: Record<string, unknown>) => ({
      jobId: r.job_id,
      queue: r.queue,
      runs: r.runs,
      workerId: r.worker_id,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      detail: r.detail,
    })) as JobRun[];
  }
}
