import { Controller, Get, Query, Render } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Principal } from '@app/access';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { chooseLa } from './la-choice';
import { PAGE_ROLES } from './page-access';
import { LaQuery } from './page-query';
import { PagesRepository } from './pages.repository';
import { dashboardView, type DashboardView } from './dashboard.view';

/** GET /dashboard: the index of the dashboards (views/dashboard.njk). */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly repo: PagesRepository) {}

  @Get()
  @Roles(...PAGE_ROLES.index)
  @Render('dashboard')
  async index(@Query() q: LaQuery, @CurrentPrincipal() p?: Principal): Promise<DashboardView> {
    const las = await this.repo.lasWithCases();
    return dashboardView({ la: await chooseLa(this.repo, q.la), las, role: p?.role });
  }
}
