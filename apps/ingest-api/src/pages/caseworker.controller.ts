import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '@app/config';
import type { Principal } from '@app/access';
import { ForecastsService, StaffRepository } from '@app/compliance';
import { addDays } from '@app/rules';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { readCaseworkerLists } from './caseworker-lists';
import { ALL_TEAMS, caseworkerTables, caseworkerView, type CaseworkerInput } from './caseworker.view';
import { noCasesPage } from './dashboard.view';
import { TEAMS } from '@app/compliance';
import { chooseLa } from './la-choice';
import { PAGE_ROLES } from './page-access';
import { CaseworkerQuery } from './page-query';
import { renderPage } from './page-render';
import { PagesRepository } from './pages.repository';
import { answer, viewOf } from './table-response';

/**
 * GET /dashboard/caseworker: EHC assessments at risk of missing 20 weeks, then open steps overdue, due
 * soon and under an exception. With no choice in
 * the address, a caseworker sees their own cases, a team manager their own team's, a leader everyone's;
 * the chooser's "All teams" (team=all) is a choice, so it is not replaced by the default.
 */
@ApiExcludeController()
@Controller('dashboard/caseworker')
export class CaseworkerController {
  constructor(
    private readonly repo: PagesRepository,
    private readonly staff: StaffRepository,
    private readonly forecasts: ForecastsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...PAGE_ROLES.caseworker)
  async page(
    @Query() rawQuery: CaseworkerQuery,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() p?: Principal,
  ): Promise<string> {
    const la = await chooseLa(this.repo, rawQuery.la);
    if (!la) return answer(res, rawQuery, [], 'cases', () => noCasesPage());
    const directory = await this.staff.directory(la);
    const chosen = rawQuery.assignee !== undefined || rawQuery.team !== undefined;
    const q = { ...rawQuery };
    if (!chosen && p?.role === 'caseworker' && p.staffRef) q.assignee = p.staffRef;
    if (!chosen && p?.role === 'team_manager' && p.staffRef) {
      // A team manager's own team: the team of the staff record their account is linked to.
      const team = directory.members.find((m) => m.staffRef === p.staffRef)?.team;
      if (team && TEAMS.includes(team)) q.team = team;
    }
    const today = this.clock.todayInLondon();
    const filter = { la, assignee: q.assignee, team: q.team === ALL_TEAMS ? undefined : q.team, today, soonUntil: addDays(today, 14) };
    const view = viewOf(q);
    const [{ counts, lists }, laName, atRisk] = await Promise.all([
      readCaseworkerLists(this.repo, filter, view, q.format === 'csv'),
      this.repo.laName(la),
      this.forecasts.atRisk(la, today),
    ]);
    const input: CaseworkerInput = {
      la,
      laName,
      assignee: q.assignee,
      team: q.team,
      today,
      soonUntil: filter.soonUntil,
      lists,
      counts,
      staff: directory.members.slice().sort((a, b) => (a.staffRef < b.staffRef ? -1 : 1)),
      // The same people's cases as the lists: the case's holder and team.
      atRisk: atRisk.filter((r) => (!q.assignee || r.assigneeRef === q.assignee) && (!filter.team || r.team === filter.team)),
    };
    return answer(res, q, caseworkerTables(input), `cases-${la}`, () => renderPage('caseworker', caseworkerView(input, view)));
  }
}
