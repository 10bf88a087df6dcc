import { Body, Controller, Get, NotFoundException, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { AlertsService } from '@app/compliance';
import { AlertActorService } from '../alerts/alert-actor.service';
import { Audited } from '../audit/audited.decorator';
import type { Principal } from '@app/access';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { CasesService } from '../cases/cases.service';
import { IsLaCode, REFERENCE_PATTERN } from '../common/validators';
import { casePageView, caseTables } from './case-page.view';
import { casePath } from './caseworker.view';
import { PAGE_ROLES } from './page-access';
import { renderPage } from './page-render';
import { TableQuery } from './page-query';
import { PagesRepository } from './pages.repository';
import { answer, viewOf } from './table-response';

class CaseParams {
  @IsLaCode()
  la: string;

  @Matches(REFERENCE_PATTERN, { message: 'caseRef is not a valid reference' })
  caseRef: string;
}

class AlertParams extends CaseParams {
  @Matches(/^\d{1,18}$/, { message: 'id must be an alert number' })
  id: string;
}

class CasePageQuery extends TableQuery {
  @IsOptional()
  @Matches(/^\d{1,18}$/)
  acknowledged?: string;
}

/** The acknowledge form (application/x-www-form-urlencoded). */
class AcknowledgeForm {
  /** Whom to record, by the API's rule (yourself, or a team manager's team member); absent: yourself. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  by?: string;
}

/** Who may acknowledge a case's alerts from its page (administrators pass every @Roles). */
const ACKNOWLEDGERS = ['caseworker', 'team_manager'] as const;
const mayAcknowledge = (who: Principal): boolean => who.role === 'admin' || (ACKNOWLEDGERS as readonly string[]).includes(who.role);

/** GET /dashboard/cases/:la/:caseRef, and acknowledging its alerts from the page. */
@ApiExcludeController()
@Controller('dashboard/cases')
export class CasePageController {
  constructor(
    private readonly cases: CasesService,
    private readonly alerts: AlertsService,
    private readonly repo: PagesRepository,
    private readonly actor: AlertActorService,
  ) {}

  @Get(':la/:caseRef')
  @Roles(...PAGE_ROLES.case)
  @Audited('case.read')
  async page(
    @Param() p: CaseParams,
    @Query() q: CasePageQuery,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() who: Principal,
  ): Promise<string> {
    const view = await this.cases.getCase(p.la, p.caseRef);
    if (!view) throw new NotFoundException(`no case ${p.caseRef} in LA ${p.la}`);
    const input = { view, alerts: await this.repo.caseAlerts(p.la, p.caseRef), acknowledged: q.acknowledged };
    const ctx = { canAcknowledge: mayAcknowledge(who), laName: await this.repo.laName(p.la) };
    return answer(res, q, caseTables(input), `case-${p.la}-${p.caseRef.replace(/[^A-Za-z0-9._-]/g, '_')}`, () =>
      renderPage('case', casePageView(input, ctx, viewOf(q))),
    );
  }

  /** Acknowledges through the same service as POST /v1/alerts/:la/:id/acknowledge, then shows the case again. */
  @Post(':la/:caseRef/alerts/:id/acknowledge')
  @Roles(...ACKNOWLEDGERS)
  async acknowledge(
    @Param() p: AlertParams,
    @Body() form: AcknowledgeForm,
    @Req() req: Request,
    @Res() res: Response,
    @CurrentPrincipal() who: Principal,
  ): Promise<void> {
    const alert = await this.alerts.get(p.la, p.id);
    if (!alert || alert.caseRef !== p.caseRef) throw new NotFoundException(`no alert ${p.id} on case ${p.caseRef} in LA ${p.la}`);
    // Who acknowledges is decided as for POST /v1/alerts/:la/:id/acknowledge (see acting-as.ts).
    const by = await this.actor.actingAs(who, p.la, form.by, { method: req.method, path: req.route?.path ?? null });
    await this.alerts.acknowledge(p.la, p.id, by);
    const back = new URLSearchParams({ acknowledged: p.id });
    // The success banner at the top of the page takes the focus and links to the alert.
    res.redirect(303, `${casePath(p.la, p.caseRef)}?${back.toString()}`);
  }
}
