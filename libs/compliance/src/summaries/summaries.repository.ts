import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WeeklyFigures } from './weekly-figures';

export interface WeeklySummary {
  la: string;
  week: string;
  weekStart: string;
  figures: WeeklyFigures;
  html: string;
  csv: string;
  createdAt: Date;
  emailedAt: Date | null;
}

export type SummaryToStore = Pick<WeeklySummary, 'la' | 'week' | 'weekStart' | 'figures' | 'html' | 'csv'>;

interface Row {
  la_code: string;
  week: string;
  week_start: string;
  figures: WeeklyFigures;
  html: string;
  csv: string;
  created_at: Date;
  emailed_at: Date | null;
}

const COLUMNS = `la_code, week, week_start::text AS week_start, figures, html, csv, created_at, emailed_at`;

const toSummary = (r: Row): WeeklySummary => ({
  la: r.la_code,
  week: r.week,
  weekStart: r.week_start,
  figures: r.figures,
  html: r.html,
  csv: r.csv,
  createdAt: r.created_at,
  emailedAt: r.emailed_at,
});

/** The only code that reads or writes weekly_summaries. */
@Injectable()
export class SummariesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(la: string, week: string): Promise<WeeklySummary | null> {
    const rows: Row[] = await this.db.query(`SELECT ${COLUMNS} FROM weekly_summaries WHERE la_code = $1 AND week = $2`, [la, week]);
    return rows.length ? toSummary(rows[0]) : null;
  }

  /**
   * Inserts or refreshes a summary; false when it was already emailed, since the stored copy must
   * stay what the leaders received.
   */
  async upsertUnlessEmailed(s: SummaryToStore): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO weekly_summaries (la_code, week, week_start, figures, html, csv)
       VALUES ($1, $2, $3::date, $4::jsonb, $5, $6)
       ON CONFLICT (la_code, week) DO UPDATE SET week_start = excluded.week_start, figures = excluded.figures,
         html = excluded.html, csv = excluded.csv, created_at = now()
       WHERE weekly_summaries.emailed_at IS NULL
       RETURNING 1`,
      [s.la, s.week, s.weekStart, JSON.stringify(s.figures), s.html, s.csv],
    );
    return rows.length > 0;
  }

  /**
   * Calls `send` with the stored summary unless it was already emailed, holding the row lock so
   * that concurrent runs of one summary take turns; marks it emailed when `send` reports recipients.
   * A crash after sending but before commit resends on retry (with the same Message-ID): a summary
   * is better doubled than lost.
   */
  async emailOnce(la: string, week: string, send: (s: WeeklySummary) => Promise<number>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: Row[] = await tx.query(`SELECT ${COLUMNS} FROM weekly_summaries WHERE la_code = $1 AND week = $2 FOR UPDATE`, [la, week]);
      if (!rows.length || rows[0].emailed_at !== null) return 0;
      const sentTo = await send(toSummary(rows[0]));
      if (sentTo > 0) {
        await tx.query(`UPDATE weekly_summaries SET emailed_at = now() WHERE la_code = $1 AND week = $2`, [la, week]);
      }
      return sentTo;
    });
  }
}
