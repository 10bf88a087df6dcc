import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SupportReportsService } from '@app/compliance';
import { Roles } from '../auth/roles.decorator';
import { apTables, apView } from './alternative-provision.view';
import { noCasesPage } from './dashboard.view';
import { chooseLa } from './la-choice';
import { PAGE_ROLES } from './page-access';
import { LaQuery } from './page-query';
import { renderPage } from './page-render';
import { PagesRepository } from './pages.repository';
import { answer, viewOf } from './table-response';

/** GET /dashboard/alternative-provision?la: the AP page, from the nightly snapshot (SupportReportsService). */
@ApiExcludeController()
@Roles(...PAGE_ROLES.alternativeProvision)
@Controller('dashboard/alternative-provision')
export class AlternativeProvisionController {
  constructor(
    private readonly repo: PagesRepository,
    private readonly support: SupportReportsService,
  ) {}

  @Get()
  async page(@Query() q: LaQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
    const la = await chooseLa(this.repo, q.la);
    if (!la) return answer(res, q, [], 'alternative-provision', () => noCasesPage());
    const [report, laName] = await Promise.all([this.support.alternativeProvision(la), this.repo.laName(la)]);
    const input = { report, laName };
    return answer(res, q, apTables(input), `alternative-provision-${la}`, () =>
      renderPage('alternative-provision', apView(input, viewOf(q))),
    );
  }
}
