import { BadRequestException, Controller, Get, NotFoundException, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsIn, IsOptional, ValidateBy } from 'class-validator';
import { InvalidWeekError, SummariesService, isIsoWeek, type WeeklyFigures } from '@app/compliance';
import { Roles } from '../auth/roles.decorator';
import { IsLaCode } from '../common/validators';

const FORMATS = ['json', 'html', 'csv'] as const;
type Format = (typeof FORMATS)[number];

class WeeklyQuery {
  @IsLaCode()
  la: string;

  // Refuses week 53 of a 52-week year as well as a wrong shape.
  @ValidateBy({ name: 'isIsoWeek', validator: { validate: isIsoWeek } }, { message: 'week must be an ISO week like 2026-W47' })
  week: string;

  @IsOptional()
  @IsIn(FORMATS)
  format?: Format;
}

export interface WeeklySummaryView {
  la: string;
  week: string;
  weekStart: string;
  createdAt: Date;
  emailedAt: Date | null;
  figures: WeeklyFigures;
}

@ApiTags('summaries')
@Controller('v1/summaries')
export class SummariesController {
  constructor(private readonly summaries: SummariesService) {}

  @Get('weekly')
  @Roles('team_manager', 'commissioner', 'leader')
  @ApiOperation({ summary: "An LA's weekly summary for leaders, as stored and mailed on the week's Monday (JSON, HTML or CSV)" })
  @ApiQuery({ name: 'la', example: '805' })
  @ApiQuery({ name: 'week', example: '2026-W47', description: 'ISO 8601 week' })
  @ApiQuery({ name: 'format', required: false, enum: FORMATS })
  @ApiProduces('application/json', 'text/html', 'text/csv')
  @ApiOkResponse({ description: 'The summary' })
  @ApiBadRequestResponse({ description: 'la or week malformed' })
  @ApiNotFoundResponse({ description: 'No summary stored for that LA and week' })
  async weekly(@Query() q: WeeklyQuery, @Res({ passthrough: true }) res: Response): Promise<WeeklySummaryView | string> {
    const summary = await this.summaries.get(q.la, q.week).catch((e: unknown) => {
      throw e instanceof InvalidWeekError ? new BadRequestException(e.message) : e;
    });
    if (!summary) throw new NotFoundException(`no weekly summary for LA ${q.la}, week ${q.week}`);
    if (q.format === 'html') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return summary.html;
    }
    if (q.format === 'csv') {
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="weekly-summary-${q.la}-${q.week}.csv"`);
      return summary.csv;
    }
    const { la, week, weekStart, createdAt, emailedAt, figures } = summary;
    return { la, week, weekStart, createdAt, emailedAt, figures };
  }
}
