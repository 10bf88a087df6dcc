import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { ANY_USER, Roles } from '../auth/roles.decorator';
import { chooseLa } from './la-choice';
import { LaQuery } from './page-query';
import { PagesRepository } from './pages.repository';
import { dashboardPage } from './dashboard.view';

/** GET /dashboard: the index of the dashboards. */
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly repo: PagesRepository) {}

  @Get()
  @Roles(...ANY_USER)
  @Header('content-type', 'text/html; charset=utf-8')
  async index(@Query() q: LaQuery): Promise<string> {
    const las = await this.repo.lasWithCases();
    return dashboardPage({ la: await chooseLa(this.repo, q.la), las });
  }
}
