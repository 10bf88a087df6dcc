import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction, ONE_LA_SETTINGS, type Queryable } from '@app/database';

/** What an LA's last nightly pass ran with: a pass with other rules or staff re-evaluates it in full. */
export interface PassState {
  la: string;
  rulesVersion: string;
  staffVersion: string;
  asOf: string;
  startedAt: Date;
}

/** The only code that reads or writes nightly_pass_state. */
@Injectable()
export class PassStateRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async all(): Promise<Map<string, PassState>> {
    return new Map((await this.read(null)).map((s) => [s.la, s]));
  }

  /** What the LA's last pass ran with, if it has had one. */
  async of(la: string): Promise<PassState | null> {
    return (await this.read(la))[0] ?? null;
  }

  private async read(la: string | null): Promise<PassState[]> {
    const rows: { la_code: string; rules_version: string; staff_version: string; as_of: string; started_at: Date }[] = await this.db.query(
      `SELECT la_code, rules_version, staff_version, as_of::text, started_at FROM nightly_pass_state
       WHERE $1::text IS NULL OR la_code = $1`,
      [la],
    );
    return rows.map((r) => ({
      la: r.la_code,
      rulesVersion: r.rules_version,
      staffVersion: r.staff_version,
      asOf: r.as_of,
      startedAt: r.started_at,
    }));
  }

  /**
   * An LA's finishing writes (`work`: its snapshot, stage durations and waiting lists) and then what
   * its pass ran with, in one transaction: the LA is recorded as done only with them, and a night
   * commits once an LA for them, not four times (each commit waits for its WAL to reach the disk).
   */
  async recordWith(s: PassState, work: (tx: Queryable) => Promise<void>): Promise<void> {
    await inTransaction(this.db, { local: ONE_LA_SETTINGS }, async (tx) => {
      await work(tx);
      await this.record(s, tx);
    });
  }

  private async record(s: PassState, tx: Queryable): Promise<void> {
    await tx.query(
      `INSERT INTO nightly_pass_state (la_code, rules_version, staff_version, as_of, started_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (la_code) DO UPDATE SET rules_version = excluded.rules_version, staff_version = excluded.staff_version,
         as_of = excluded.as_of, started_at = excluded.started_at, finished_at = now()`,
      [s.la, s.rulesVersion, s.staffVersion, s.asOf, s.startedAt],
    );
  }

  /** Forgets every LA's state: the next pass re-evaluates every case (`cli recompute --all`). */
  async forget(la?: string): Promise<void> {
    await this.db.query(`DELETE FROM nightly_pass_state WHERE $1::text IS NULL OR la_code = $1`, [la ?? null]);
  }
}
