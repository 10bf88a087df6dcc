import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Clock } from '@app/config';
import type { Principal } from '@app/access';
import { StaffRepository } from '@app/compliance';
import { addDays } from '@app/rules';
import { CurrentPrincipal, Roles } from '../auth/roles.decorator';
import { caseworkerPage, caseworkerTables, type CaseworkerInput } from './caseworker.view';
import { chooseLa } from './la-choice';
import { PAGE_ROLES } from './page-access';
import { CaseworkerQuery } from './page-query';
import { PagesRepository, WORK_ITEM_LIMIT } from './pages.repository';
import { answer, viewOf } from './table-response';
import { noCasesPage } from './dashboard.view';

/** GET /dashboard/caseworker: a caseworker's (or team's) overdue, due-soon and exempt steps. */
@ApiExcludeController()
@Controller('dashboard/caseworker')
export class CaseworkerController {
  constructor(
    private readonly repo: PagesRepository,
    private readonly staff: StaffRepository,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...PAGE_ROLES.caseworker)
  async page(
    @Query() rawQuery: CaseworkerQuery,
    @Res({ passthrough: true }) res: Response,
    @CurrentPrincipal() p?: Principal,
  ): Promise<string> {
    // "My cases": a caseworker's own by default, from the staff reference of their account.
    const own = p?.role === 'caseworker' && !rawQuery.assignee && !rawQuery.team ? (p.staffRef ?? undefined) : undefined;
    const q = own ? { ...rawQuery, assignee: own } : rawQuery;
    const la = await chooseLa(this.repo, q.la);
    if (!la) return answer(res, q, [], 'cases', () => noCasesPage());
    const today = this.clock.todayInLondon();
    const soonUntil = addDays(today, 14);
    const [items, directory, laName] = await Promise.all([
      this.repo.workItems({ la, assignee: q.assignee, team: q.team, today, soonUntil }),
      this.staff.directory(la),
      this.repo.laName(la),
    ]);
    const input: CaseworkerInput = {
      la,
      laName,
      assignee: q.assignee,
      team: q.team,
      today,
      soonUntil,
      items,
      staff: directory.members.slice().sort((a, b) => (a.staffRef < b.staffRef ? -1 : 1)),
      truncated: items.length >= WORK_ITEM_LIMIT,
    };
    const query = { la, assignee: q.assignee, team: q.team, q: q.q, sort: q.sort, dir: q.dir };
    return answer(res, q, caseworkerTables(input), `cases-${la}`, () => caseworkerPage(input, query, viewOf(q)));
  }
}
