import { BadRequestException, Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  annualReviewsCsv,
  ehcTimelinessCsv,
  EHC_GROUPINGS,
  openAssessmentsCsv,
  alternativeProvisionCsv,
  ReportsService,
  senSupportCsv,
  stageTimelinessCsv,
  SupportReportsService,
  TREND_MEASURES,
  trendCsv,
  waitingListCsv,
} from '@app/compliance';
import { PATHWAYS } from '@app/rules';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import {
  EhcTimelinessQueryDto,
  lasOf,
  OpenAssessmentsQueryDto,
  PeriodQueryDto,
  REPORT_FORMATS,
  SupportReportQueryDto,
  trendMeasuresOf,
  TrendQueryDto,
  WaitingListQueryDto,
  type ReportFormat,
} from './report-query.dto';

const LA_QUERY = {
  name: 'la',
  required: false,
  description: 'LA code(s): la=805, la=805,806 or la=805&la=806; absent = every LA (England)',
};
const FORMAT_QUERY = { name: 'format', required: false, enum: REPORT_FORMATS };

function checkPeriod(q: { from: string; to: string }): void {
  if (q.from > q.to) throw new BadRequestException(['to must be on or after from']);
}

/** Thin: validated query in, ReportsService out, as JSON or (format=csv) CSV. */
@ApiTags('reports')
@ApiProduces('application/json', 'text/csv')
@ApiBadRequestResponse({ description: 'A query field is malformed (the message names it)' })
@Roles('team_manager', 'commissioner', 'leader')
@Audited('report.read')
@Controller('v1/reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly support: SupportReportsService,
  ) {}

  @Get('sen-support')
  @ApiOperation({
    summary: "An LA's children at SEN support: by term, school and need, flows, reviews overdue, trends, links",
    description:
      "From the nightly snapshot on or before asOf. Pupils at SEN support on each term's last day by school and primary need; " +
      'starts and ends in each term (by reason); reviews overdue now (no review within senSupport.reviewIntervalWeeks, 16); ' +
      'schools whose count moved sharply against their own history (Poisson test of the latest term against the mean of the ' +
      'previous terms, two-sided at senSupport.trendSignificancePercent), schools with none, needs rising; EHC requests ' +
      'preceded by SEN support and the weeks from its start; children at SEN support also waiting for SLT or ND. CSV: a line per school.',
  })
  @ApiQuery({ name: 'la', example: '805' })
  @ApiQuery({ name: 'asOf', required: false, description: 'Default today (Europe/London)' })
  @ApiQuery(FORMAT_QUERY)
  async senSupport(@Query() q: SupportReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.support.senSupport(q.la, q.asOf);
    return respond(res, q.format, report, senSupportCsv, `sen-support-${q.la}-${report.asOf}`);
  }

  @Get('alternative-provision')
  @ApiOperation({
    summary: "An LA's alternative provision placements: open, hours, part-time, reviews overdue, time in AP",
    description:
      'From the nightly snapshot on or before asOf. Open placements; part-time timetables (under alternativeProvision.fullTimeHours, ' +
      '25); placements unreviewed over 6 and over 12 weeks; mean hours and median weeks in AP; by provider (URN, or its kind), ' +
      'reason and commissioner; placements ended in the 12 months to the date and their time in AP. CSV: a line per group.',
  })
  @ApiQuery({ name: 'la', example: '805' })
  @ApiQuery({ name: 'asOf', required: false, description: 'Default today (Europe/London)' })
  @ApiQuery(FORMAT_QUERY)
  async alternativeProvision(@Query() q: SupportReportQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.support.alternativeProvision(q.la, q.asOf);
    return respond(res, q.format, report, alternativeProvisionCsv, `alternative-provision-${q.la}-${report.asOf}`);
  }

  @Get('ehc-timeliness')
  @ApiOperation({
    summary: 'EHC timeliness as the DfE publishes it',
    description:
      'New plans issued in the period (both ends inclusive): within 20 weeks including and excluding exceptions, after 20 weeks ' +
      'but within a year, over a year (counts and % to 1 dp, half away from zero, as the DfE rounds), mean and median weeks.',
  })
  @ApiQuery(LA_QUERY)
  @ApiQuery({ name: 'from', example: '2023-01-01' })
  @ApiQuery({ name: 'to', example: '2023-12-31' })
  @ApiQuery({ name: 'by', required: false, enum: EHC_GROUPINGS })
  @ApiQuery({ name: 'need', required: false, description: "Only plans of one SEN2 primary need code ('unknown' for none)" })
  @ApiQuery(FORMAT_QUERY)
  @ApiOkResponse({ description: 'One row per group' })
  async ehcTimeliness(@Query() q: EhcTimelinessQueryDto, @Res({ passthrough: true }) res: Response) {
    checkPeriod(q);
    const report = await this.reports.ehcTimeliness({ las: lasOf(q), from: q.from, to: q.to, by: q.by, needCode: q.need });
    return respond(res, q.format, report, ehcTimelinessCsv, `ehc-timeliness-${q.from}-${q.to}`);
  }

  @Get('stage-timeliness')
  @ApiOperation({
    summary: 'Decisions whether to assess within 6 weeks; advice within 6 weeks by service (including and excluding exceptions)',
  })
  @ApiQuery(LA_QUERY)
  @ApiQuery({ name: 'from', example: '2026-01-01' })
  @ApiQuery({ name: 'to', example: '2026-12-31' })
  @ApiQuery(FORMAT_QUERY)
  async stageTimeliness(@Query() q: PeriodQueryDto, @Res({ passthrough: true }) res: Response) {
    checkPeriod(q);
    const report = await this.reports.stageTimeliness({ las: lasOf(q), from: q.from, to: q.to });
    return respond(res, q.format, report, stageTimelinessCsv, `stage-timeliness-${q.from}-${q.to}`);
  }

  @Get('annual-reviews')
  @ApiOperation({
    summary: 'Annual reviews: meetings within 12 months, decisions within 4 weeks, amended plans within 12 weeks, phase transfers on time',
  })
  @ApiQuery(LA_QUERY)
  @ApiQuery({ name: 'from', example: '2026-01-01' })
  @ApiQuery({ name: 'to', example: '2026-12-31' })
  @ApiQuery(FORMAT_QUERY)
  async annualReviews(@Query() q: PeriodQueryDto, @Res({ passthrough: true }) res: Response) {
    checkPeriod(q);
    const report = await this.reports.annualReviews({ las: lasOf(q), from: q.from, to: q.to });
    return respond(res, q.format, report, annualReviewsCsv, `annual-reviews-${q.from}-${q.to}`);
  }

  @Get('waiting-list')
  @ApiOperation({
    summary: 'SLT or ND waiting list as of a date',
    description:
      'Count waiting, median and 92nd percentile weeks (percentile_cont), NHS bands of completed weeks, over 18 and 52 weeks, ' +
      "the LA's targets red/amber/green (one LA only) and the longest waiters (case references only). The clock restarts only at a " +
      'did-not-attend at the first appointment (RTT rules). ND also gives qs51: NICE QS51, assessment started within 3 months of ' +
      'referral (no restart), over referrals whose 3 months ended in the 12 months to the date.',
  })
  @ApiQuery(LA_QUERY)
  @ApiQuery({ name: 'pathway', enum: ['slt', 'neurodevelopmental'] })
  @ApiQuery({ name: 'asOf', required: false, description: 'Default today (Europe/London)' })
  @ApiQuery({ name: 'longest', required: false, description: 'How many longest waiters to list (default 20, at most 500)' })
  @ApiQuery(FORMAT_QUERY)
  async waitingList(@Query() q: WaitingListQueryDto, @Res({ passthrough: true }) res: Response) {
    const longest = q.longest === undefined ? undefined : Number(q.longest);
    if (longest !== undefined && longest > 500) throw new BadRequestException(['longest must be a whole number from 0 to 500']);
    const report = await this.reports.waitingList({ las: lasOf(q), pathway: q.pathway, asOf: q.asOf, longest });
    return respond(res, q.format, report, waitingListCsv, `waiting-list-${q.pathway}-${report.asOf}`);
  }

  @Get('open-assessments')
  @ApiOperation({ summary: 'Open EHC assessments as of a date: count, overdue, due in the next 2 weeks, with exceptions, age bands' })
  @ApiQuery(LA_QUERY)
  @ApiQuery({ name: 'asOf', required: false, description: 'Default today (Europe/London)' })
  @ApiQuery(FORMAT_QUERY)
  async openAssessments(@Query() q: OpenAssessmentsQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await this.reports.openAssessments({ las: lasOf(q), asOf: q.asOf });
    return respond(res, q.format, report, openAssessmentsCsv, `open-assessments-${report.asOf}`);
  }

  @Get('trend')
  @ApiOperation({
    summary: "An LA's measures over time from the nightly snapshots, with its targets' trajectories at the same dates",
    description: 'EHC and review figures in a snapshot are over the 12 months to its date.',
  })
  @ApiQuery({ name: 'la', example: '805' })
  @ApiQuery({ name: 'pathway', enum: PATHWAYS })
  @ApiQuery({ name: 'measure', description: `One or more (comma-separated or repeated) of ${TREND_MEASURES.join(', ')}` })
  @ApiQuery({ name: 'from', example: '2026-01-01' })
  @ApiQuery({ name: 'to', example: '2026-12-31' })
  @ApiQuery({ name: 'need', required: false, description: "SEN2 primary need code, 'unknown', or 'all' (default)" })
  @ApiQuery(FORMAT_QUERY)
  async trend(@Query() q: TrendQueryDto, @Res({ passthrough: true }) res: Response) {
    checkPeriod(q);
    const report = await this.reports.trend({
      la: q.la,
      pathway: q.pathway,
      measures: trendMeasuresOf(q),
      from: q.from,
      to: q.to,
      needCode: q.need,
    });
    return respond(res, q.format, report, trendCsv, `trend-${q.la}-${q.pathway}-${q.from}-${q.to}`);
  }
}

function respond<T>(res: Response, format: ReportFormat | undefined, report: T, csv: (r: T) => string, name: string): T | string {
  if (format !== 'csv') return report;
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
  return csv(report);
}
