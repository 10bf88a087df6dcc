import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** What is kept: the LA's EHC forecast for a year (`ehc-forecast:2026`), or its at-risk list. */
export type KeptKind = `ehc-forecast:${number}` | 'at-risk';

/**
 * The only code that reads or writes kept_forecasts: an LA's forecast answers as the worker made
 * them, each under the key (a hash of all it was made from) that says whether it still holds.
 */
@Injectable()
export class KeptForecastsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The answer kept under exactly this key, or null (none kept, or made from something else). */
  async find<T>(la: string, kind: KeptKind, key: string): Promise<T | null> {
    const rows: { answer: T }[] = await this.db.query(`SELECT answer FROM kept_forecasts WHERE la_code = $1 AND kind = $2 AND key = $3`, [
      la,
      kind,
      key,
    ]);
    return rows[0]?.answer ?? null;
  }

  /** Whether an answer is kept under this key (without reading it). */
  async holds(la: string, kind: KeptKind, key: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM kept_forecasts WHERE la_code = $1 AND kind = $2 AND key = $3`, [la, kind, key]);
    return rows.length > 0;
  }

  /** Replaces the LA's answer of this kind. */
  async put(la: string, kind: KeptKind, key: string, answer: unknown): Promise<void> {
    await this.db.query(
      `INSERT INTO kept_forecasts (la_code, kind, key, answer) VALUES ($1, $2, $3, $4)
       ON CONFLICT (la_code, kind) DO UPDATE SET key = excluded.key, answer = excluded.answer, made_at = now()`,
      [la, kind, key, JSON.stringify(answer)],
    );
  }
}
