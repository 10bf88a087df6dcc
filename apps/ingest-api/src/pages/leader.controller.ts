import { BadRequestException, Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { RULES_TABLE } from '@app/config';
import { SummariesService, isIsoWeek } from '@app/compliance';
import type { RulesTable } from '@app/rules';
import type { AuthedRequest } from '../auth/auth.guard';
import { noCasesPage } from './dashboard.view';
import { chooseLa } from './la-choice';
import { leaderPage, leaderTables, type LeaderInput } from './leader.view';
import { PAGE_ROLES } from './page-access';
import { LeaderQuery } from './page-query';
import { PagesRepository } from './pages.repository';
import { answer } from './table-response';
import { Roles } from '../auth/roles.decorator';

/** GET /dashboard/leader: the stored weekly summary (the latest, or ?week=) as a board page. */
@ApiExcludeController()
@Roles(...PAGE_ROLES.leader)
@Controller('dashboard/leader')
export class LeaderController {
  constructor(
    private readonly repo: PagesRepository,
    private readonly summaries: SummariesService,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  @Get()
  async page(@Query() q: LeaderQuery, @Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response): Promise<string> {
    if (q.week && !isIsoWeek(q.week)) throw new BadRequestException('week must be an ISO week like 2026-W47');
    const la = await chooseLa(this.repo, q.la);
    if (!la) return answer(res, q, [], 'summary', () => noCasesPage());
    const [weeks, laName] = await Promise.all([this.repo.summaryWeeks(la), this.repo.laName(la)]);
    const week = q.week ?? weeks[0] ?? null;
    const summary = week ? await this.summaries.get(la, week) : null;
    const input: LeaderInput = {
      la,
      laName,
      week,
      weeks: week && !weeks.includes(week) ? [week, ...weeks].sort().reverse() : weeks,
      figures: summary?.figures ?? null,
      createdAt: summary?.createdAt,
      emailedAt: summary?.emailedAt,
      rules: this.rules,
      role: req.principal?.role,
    };
    return answer(res, q, leaderTables(input), `weekly-summary-${la}-${week ?? 'none'}`, () => leaderPage(input));
  }
}
