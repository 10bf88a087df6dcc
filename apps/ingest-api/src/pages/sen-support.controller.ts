import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SupportReportsService } from '@app/compliance';
import { Roles } from '../auth/roles.decorator';
import { noCasesPage } from './dashboard.view';
import { chooseLa } from './la-choice';
import { PAGE_ROLES } from './page-access';
import { LaQuery } from './page-query';
import { renderPage } from './page-render';
import { PagesRepository } from './pages.repository';
import { senSupportTables, senSupportView } from './sen-support.view';
import { answer, viewOf } from './table-response';

/** GET /dashboard/sen-support?la: the SEND support page, from the nightly snapshot (SupportReportsService). */
@ApiExcludeController()
@Roles(...PAGE_ROLES.senSupport)
@Controller('dashboard/sen-support')
export class SenSupportController {
  constructor(
    private readonly repo: PagesRepository,
    private readonly support: SupportReportsService,
  ) {}

  @Get()
  async page(@Query() q: LaQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const la = await chooseLa(this.repo, q.la);
    if (!la) return answer(res, q, [], 'sen-support', () => noCasesPage());
    const [report, laName] = await Promise.all([this.support.senSupport(la), this.repo.laName(la)]);
    const input = { report, laName };
    return answer(res, q, senSupportTables(input), `sen-support-${la}`, () => renderPage('sen-support', senSupportView(input, viewOf(q))));
  }
}
