import { BadRequestException, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '@app/config';
import { ReportsService, type EhcTimelinessRow } from '@app/compliance';
import { addDays, addMonths } from '@app/rules';
import { noCasesPage } from './dashboard.view';
import { ehcTables, ehcView, type EhcInput, type MonthRow } from './ehc-timeliness.view';
import { chooseLa } from './la-choice';
import { PAGE_ROLES } from './page-access';
import { EhcTimelinessQuery } from './page-query';
import { renderPage } from './page-render';
import { PagesRepository } from './pages.repository';
import { answer, viewOf } from './table-response';
import { Roles } from '../auth/roles.decorator';

/** Every month from `from` to `to` ('YYYY-MM'), so months without plans show as gaps, not jumps. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = `${from.slice(0, 7)}-01`; m <= to; m = addMonths(m, 1)) out.push(m.slice(0, 7));
  return out;
}

function fromReport(month: string, r: EhcTimelinessRow | undefined): MonthRow {
  return {
    month,
    plans: r?.plansIssued ?? 0,
    withinIncl: r?.within20Weeks.including.percent ?? null,
    withinInclCount: r?.within20Weeks.including.count ?? 0,
    withinExcl: r?.within20Weeks.excluding.percent ?? null,
    withinExclCount: r?.within20Weeks.excluding.count ?? 0,
    plansExcl: r?.plansIssuedExcludingExceptions ?? 0,
    medianWeeks: r?.medianWeeks ?? null,
  };
}

/** GET /dashboard/ehc-timeliness?la&from=YYYY-MM&to=YYYY-MM&need=: the monthly 20-week rates, by primary need. */
@ApiExcludeController()
@Roles(...PAGE_ROLES.ehc)
@Controller('dashboard/ehc-timeliness')
export class EhcTimelinessController {
  constructor(
    private readonly repo: PagesRepository,
    private readonly reports: ReportsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  async page(@Query() q: EhcTimelinessQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const la = await chooseLa(this.repo, q.la);
    if (!la) return answer(res, q, [], 'ehc', () => noCasesPage());
    const today = this.clock.todayInLondon();
    // Months chosen the wrong way round are read as the range they name.
    const [first, last] = q.from && q.to && q.from > q.to ? [q.to, q.from] : [q.from, q.to];
    const to = last ? addDays(addMonths(`${last}-01`, 1), -1) : today;
    const from = first ? `${first}-01` : addMonths(`${today.slice(0, 7)}-01`, -11);
    if (from > to) throw new BadRequestException('from must not be after to');
    if (monthsBetween(from, to).length > 60) throw new BadRequestException('at most 60 months at a time');
    const scope = { las: [la], from, to };
    // The monthly trend is for the chosen need (or all); the by-need table always shows every need.
    const [byMonth, byNeed, total, laName] = await Promise.all([
      this.reports.ehcTimeliness({ ...scope, by: 'month', needCode: q.need }),
      this.reports.ehcTimeliness({ ...scope, by: 'need' }),
      this.reports.ehcTimeliness({ ...scope, by: 'total', needCode: q.need }),
      this.repo.laName(la),
    ]);
    const monthly = new Map(byMonth.rows.map((r) => [r.key, r]));
    const months = monthsBetween(from, to).map((m) => fromReport(m, monthly.get(m)));
    const input: EhcInput = { la, laName, from, to, today, need: q.need, months, byNeed: byNeed.rows, total: total.rows[0] };
    return answer(res, q, ehcTables(input), `ehc-timeliness-${la}`, () => renderPage('ehc-timeliness', ehcView(input, viewOf(q))));
  }
}
