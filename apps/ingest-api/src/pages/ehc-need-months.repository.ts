// Month by primary need counts of new EHC plans issued, for the EHC timeliness page's need filter:
// ReportsService groups by month or by need, not both. Counts only; percentages come from
// libs/rules share() with the DfE's rounding, as the reports do.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface NeedMonthCounts {
  month: string;
  plans: number;
  within: number;
  plansEx: number;
  withinEx: number;
}

@Injectable()
export class EhcNeedMonthsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Final plans of new assessments issued from `from` to `to`, for one need ('unknown' for none), by month of issue. */
  async counts(la: string, needCode: string, from: string, to: string): Promise<NeedMonthCounts[]> {
    const rows = await this.db.query(
      `SELECT to_char(m.done_on, 'YYYY-MM') AS month, count(*)::int AS plans,
         count(*) FILTER (WHERE m.done_on <= m.due_on)::int AS within,
         count(*) FILTER (WHERE m.state <> 'exempt')::int AS plans_ex,
         count(*) FILTER (WHERE m.state <> 'exempt' AND m.done_on <= m.due_on)::int AS within_ex
       FROM case_milestones m JOIN case_evaluations ce ON ce.la_code = m.la_code AND ce.case_ref = m.case_ref
       WHERE m.la_code = $1 AND m.kind = 'final_plan' AND m.done_on BETWEEN $3::date AND $4::date
         AND ce.started_on IS NOT NULL AND coalesce(ce.need_code, 'unknown') = $2
       GROUP BY 1 ORDER BY 1`,
      [la, needCode, from, to],
    );
    return rows.map((r: { month: string; plans: number; within: number; plans_ex: number; within_ex: number }) => ({
      month: r.month,
      plans: r.plans,
      within: r.within,
      plansEx: r.plans_ex,
      withinEx: r.within_ex,
    }));
  }
}
