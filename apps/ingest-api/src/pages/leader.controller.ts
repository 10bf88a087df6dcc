import { BadRequestException, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { SummariesService, isIsoWeek } from '@app/compliance';
import { noCasesPage } from './dashboard.view';
import { chooseLa } from './la-choice';
import { leaderPage, leaderTables, type LeaderInput } from './leader.view';
import { PAGE_ROLES } from './page-access';
import { LeaderQuery } from './page-query';
import { PagesRepository } from './pages.repository';
import { answer, viewOf } from './table-response';
import { Roles } from '../auth/roles.decorator';

/** GET /dashboard/leader: the stored weekly summary (the latest, or ?week=). */
@ApiExcludeController()
@Roles(...PAGE_ROLES.leader)
@Controller('dashboard/leader')
export class LeaderController {
  constructor(
    private readonly repo: PagesRepository,
    private readonly summaries: SummariesService,
  ) {}

  @Get()
  async page(@Query() q: LeaderQuery, @Res({ passthrough: true }) res: Response): Promise<string> {
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
      weeks: week && !weeks.includes(week) ? [week, ...weeks] : weeks,
      figures: summary?.figures ?? null,
      createdAt: summary?.createdAt,
      emailedAt: summary?.emailedAt,
    };
    return answer(res, q, leaderTables(input), `weekly-summary-${la}-${week ?? 'none'}`, () => leaderPage(input, viewOf(q)));
  }
}
