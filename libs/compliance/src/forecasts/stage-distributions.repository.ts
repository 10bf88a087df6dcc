import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { StageDistributions } from '@app/rules';

/** The only code that reads or writes ehc_stage_distributions: each LA's latest stage durations. */
@Injectable()
export class StageDistributionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The LA's latest, or null before its first nightly pass. */
  async latest(la: string): Promise<StageDistributions | null> {
    const rows: { distributions: StageDistributions }[] = await this.db.query(
      `SELECT distributions FROM ehc_stage_distributions WHERE la_code = $1`,
      [la],
    );
    return rows[0]?.distributions ?? null;
  }

  /** Replaces the LA's distributions (an older pass never overwrites a newer one). */
  async write(la: string, d: StageDistributions): Promise<void> {
    await this.db.query(
      `INSERT INTO ehc_stage_distributions (la_code, as_of, ended_cases, distributions) VALUES ($1, $2, $3, $4)
       ON CONFLICT (la_code) DO UPDATE SET as_of = excluded.as_of, ended_cases = excluded.ended_cases,
         distributions = excluded.distributions, refreshed_at = now()
       WHERE ehc_stage_distributions.as_of <= excluded.as_of`,
      [la, d.asOf, d.endedCases, JSON.stringify(d)],
    );
  }
}
