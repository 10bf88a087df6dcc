import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock, RULES_TABLE } from '@app/config';
import { ForecastsService, ReportsService } from '@app/compliance';
import { addMonths, type RulesTable } from '@app/rules';
import { loadForecast } from './commissioner-forecast';
import { commissionerTables, commissionerView, type CommissionerInput } from './commissioner.view';
import { noCasesPage } from './dashboard.view';
import { chooseLa } from './la-choice';
import { PAGE_ROLES } from './page-access';
import { CommissionerQuery } from './page-query';
import { renderPage } from './page-render';
import { PagesRepository } from './pages.repository';
import { answer, viewOf } from './table-response';
import { Roles } from '../auth/roles.decorator';

const TREND_MEASURES = ['waiting_median_weeks', 'waiting_p92_weeks', 'waiting_within_target_pct', 'waiting_over_max_count'] as const;

/**
 * GET /dashboard/commissioner?la&pathway=slt|neurodevelopmental: one waiting list against its targets,
 * its demand and capacity, and where it is heading (target, window, capacityChange, capacityFrom, demandChange).
 */
@ApiExcludeController()
@Roles(...PAGE_ROLES.commissioner)
@Controller('dashboard/commissioner')
export class CommissionerController {
  constructor(
    private readonly repo: PagesRepository,
    private readonly reports: ReportsService,
    private readonly forecasts: ForecastsService,
    private readonly clock: Clock,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  @Get()
  async page(@Query() q: CommissionerQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const la = await chooseLa(this.repo, q.la);
    if (!la) return answer(res, q, [], 'waits', () => noCasesPage());
    const pathway = q.pathway ?? 'slt';
    const today = this.clock.todayInLondon();
    const [list, trend, laName, forecast] = await Promise.all([
      this.reports.waitingList({ las: [la], pathway, asOf: today, longest: 20 }),
      this.reports.trend({ la, pathway, measures: [...TREND_MEASURES], from: addMonths(today, -12), to: today }),
      this.repo.laName(la),
      loadForecast(this.forecasts, la, pathway, today, q),
    ]);
    const input: CommissionerInput = { la, laName, pathway, list, trend, forecast, rules: this.rules };
    return answer(res, q, commissionerTables(input), `waits-${la}-${pathway}`, () =>
      renderPage('commissioner', commissionerView(input, viewOf(q))),
    );
  }
}
