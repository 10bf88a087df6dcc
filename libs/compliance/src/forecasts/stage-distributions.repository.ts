import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Queryable } from '@app/database';
import type { EhcStage, StageDistributions, StageSample } from '@app/rules';

/** A sample as stored: [enteredAge, leftAge, endAge, flags (1 plan, 2 exempt), caseIndex]. */
type PackedSample = [number, number, number, number, number];

interface StoredDistributions extends Omit<StageDistributions, 'byStage'> {
  byStage: Record<EhcStage, PackedSample[]>;
}

const PLAN = 1;
const EXEMPT = 2;

// Every LA's row is written and read back each night: packed, a sample is a third of its keyed
// text, and PostgreSQL's json input only checks it (migration 1766200000000).
const pack = (s: StageSample): PackedSample => [
  s.enteredAge,
  s.leftAge,
  s.endAge,
  (s.plan ? PLAN : 0) | (s.exempt ? EXEMPT : 0),
  s.caseIndex,
];
const unpack = ([enteredAge, leftAge, endAge, flags, caseIndex]: PackedSample): StageSample => ({
  enteredAge,
  leftAge,
  endAge,
  plan: (flags & PLAN) !== 0,
  exempt: (flags & EXEMPT) !== 0,
  caseIndex,
});

const mapStages = <A, B>(byStage: Record<EhcStage, A[]>, f: (a: A) => B) =>
  Object.fromEntries(Object.entries(byStage).map(([stage, samples]) => [stage, (samples as A[]).map(f)])) as Record<EhcStage, B[]>;

/** The only code that reads or writes ehc_stage_distributions: each LA's latest stage durations. */
@Injectable()
export class StageDistributionsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The LA's latest, or null before its first nightly pass. */
  async latest(la: string): Promise<StageDistributions | null> {
    const rows: { distributions: StoredDistributions }[] = await this.db.query(
      `SELECT distributions FROM ehc_stage_distributions WHERE la_code = $1`,
      [la],
    );
    const stored = rows[0]?.distributions;
    return stored ? { ...stored, byStage: mapStages(stored.byStage, unpack) } : null;
  }

  /** Replaces the LA's distributions (an older pass never overwrites a newer one), in `tx` if given. */
  async write(la: string, d: StageDistributions, tx: Queryable = this.db): Promise<void> {
    const stored: StoredDistributions = { ...d, byStage: mapStages(d.byStage, pack) };
    await tx.query(
      `INSERT INTO ehc_stage_distributions (la_code, as_of, ended_cases, distributions) VALUES ($1, $2, $3, $4)
       ON CONFLICT (la_code) DO UPDATE SET as_of = excluded.as_of, ended_cases = excluded.ended_cases,
         distributions = excluded.distributions, refreshed_at = now()
       WHERE ehc_stage_distributions.as_of <= excluded.as_of`,
      [la, d.asOf, d.endedCases, JSON.stringify(stored)],
    );
  }
}
