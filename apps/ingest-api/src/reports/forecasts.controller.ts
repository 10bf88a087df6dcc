import { Controller, Get, Query, Res, UnprocessableEntityException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { capacityCsv, ehcForecastCsv, ForecastInputError, ForecastsService, projectionCsv, type TargetChoice } from '@app/compliance';
import { PROJECTABLE_MEASURES } from '@app/rules';
import { Audited } from '../audit/audited.decorator';
import { Roles } from '../auth/roles.decorator';
import { CapacityQueryDto, EhcForecastQueryDto, ProjectionQueryDto } from './forecast-query.dto';
import { REPORT_FORMATS, type ReportFormat } from './report-query.dto';

const LA = { name: 'la', description: 'One LA code', example: '805' };
const PATHWAY = { name: 'pathway', enum: ['slt', 'neurodevelopmental'] };
const WINDOW = { name: 'window', required: false, description: 'Weeks of history demand and capacity are measured over (default 26)' };
const AS_OF = { name: 'asOf', required: false, description: 'Default today (Europe/London)' };
const FORMAT = { name: 'format', required: false, enum: REPORT_FORMATS };
const NOT_ENOUGH =
  'Too little history is not an error: the answer says "not enough data (N weeks, need M)" in notEnoughData and its figures are null. ' +
  'No figure is ever NaN or Infinity.';

const num = (v: string | undefined): number | undefined => (v === undefined ? undefined : Number(v));

/** Well-formed queries the forecast cannot answer as asked: 422 naming the field, as the targets API does. */
async function answering<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof ForecastInputError)) throw e;
    throw new UnprocessableEntityException({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: [e.message],
      errors: [{ field: e.field, reason: e.reason }],
    });
  }
}

/** Thin: validated query in, ForecastsService out, as JSON or (format=csv) CSV. */
@ApiTags('reports')
@ApiProduces('application/json', 'text/csv')
@ApiResponse({ status: 400, description: 'A query field is malformed (the message names it)' })
@ApiResponse({ status: 422, description: 'The query cannot be answered as asked (errors: field, reason)' })
@Roles('team_manager', 'commissioner', 'leader')
@Audited('report.read')
@Controller('v1/reports')
export class ForecastsController {
  constructor(private readonly forecasts: ForecastsService) {}

  @Get('capacity')
  @ApiOperation({
    summary: "A waiting list's demand and capacity per week, its queueing measures and the capacity each target needs",
    description:
      'Weekly referrals (demand) and removals (capacity: first contact or assessment start, discharge, closure) over the window; ' +
      'mean demand and capacity, their coefficients of variation, queue size, mean wait, queue load, waiting-list pressure, the ' +
      "target mean wait, queue size and capacity for the pathway's target wait (NHSRwaitinglist), and per stored target with a " +
      'deadline the relief capacity that brings the queue to its target size by then. ' +
      NOT_ENOUGH,
  })
  @ApiQuery(LA)
  @ApiQuery(PATHWAY)
  @ApiQuery(WINDOW)
  @ApiQuery(AS_OF)
  @ApiQuery(FORMAT)
  @ApiOkResponse({ description: 'The capacity report' })
  async capacity(@Query() q: CapacityQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await answering(() =>
      this.forecasts.capacity({ la: q.la, pathway: q.pathway, windowWeeks: num(q.window), asOf: q.asOf }),
    );
    return respond(res, q.format, report, capacityCsv, `capacity-${q.la}-${q.pathway}-${report.asOf}`);
  }

  @Get('projection')
  @ApiOperation({
    summary: 'A waiting list projected week by week to a target’s deadline, with its band and a what-if',
    description:
      "target: a stored target's id (GET /v1/targets); or, instead, measure, threshold, comparator (default gte for " +
      'waiting_within_target_pct, lte otherwise) and deadline. The list is projected from the window’s demand and capacity: size, ' +
      'median and 92nd percentile weeks, % over 18 and 52 weeks, with the middle 80% of a seeded simulation. answer says ' +
      '"At this rate the target is met on DATE" or "Not met by DATE: N more contacts a week needed from DATE"; capacityNeeded is ' +
      'the contacts a week that meet it, which fed back as capacityChange (capacityNeeded minus today’s capacity) meets it. ' +
      'A deadline missing or past, or a change making capacity negative: 422 naming the field. ' +
      NOT_ENOUGH,
  })
  @ApiQuery(LA)
  @ApiQuery(PATHWAY)
  @ApiQuery({ name: 'target', required: false, description: "A stored target's id" })
  @ApiQuery({ name: 'measure', required: false, enum: PROJECTABLE_MEASURES, description: 'Without target: the measure to project' })
  @ApiQuery({ name: 'threshold', required: false, description: 'Without target' })
  @ApiQuery({ name: 'comparator', required: false, enum: ['lte', 'gte'], description: 'Without target' })
  @ApiQuery({ name: 'deadline', required: false, description: 'Without target: YYYY-MM-DD, after asOf' })
  @ApiQuery({ name: 'capacityChange', required: false, description: 'What if: contacts a week added (negative: fewer)' })
  @ApiQuery({ name: 'capacityFrom', required: false, description: 'What if: from this day (default the day after asOf)' })
  @ApiQuery({ name: 'demandChange', required: false, description: 'What if: demand cut by this % (negative: demand grows)' })
  @ApiQuery(WINDOW)
  @ApiQuery(AS_OF)
  @ApiQuery(FORMAT)
  @ApiOkResponse({ description: 'The projection and its answer' })
  async projection(@Query() q: ProjectionQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await answering(() => {
      const target = targetOf(q);
      return this.forecasts.projection({
        la: q.la,
        pathway: q.pathway,
        target,
        capacityChange: num(q.capacityChange),
        capacityFrom: q.capacityFrom,
        demandChange: num(q.demandChange),
        windowWeeks: num(q.window),
        asOf: q.asOf,
      });
    });
    return respond(res, q.format, report, projectionCsv, `projection-${q.la}-${q.pathway}-${report.asOf}`);
  }

  @Get('ehc-forecast')
  @ApiOperation({
    summary: "The calendar year's projected EHC 20-week figure, and each open assessment's chance of missing 20 weeks",
    description:
      'Including and excluding exceptions, with an 80% interval, beside the LA’s last published DfE figure; each open new ' +
      "assessment's chance of its final plan after 20 weeks (reg 13(2)) and expected final date, from the LA's own stage " +
      'durations over the last 52 weeks, most at risk first. year: from last year to next.',
  })
  @ApiQuery(LA)
  @ApiQuery({ name: 'year', example: '2026' })
  @ApiQuery(AS_OF)
  @ApiQuery(FORMAT)
  @ApiOkResponse({ description: 'The year’s projection and the open assessments’ forecasts' })
  async ehcForecast(@Query() q: EhcForecastQueryDto, @Res({ passthrough: true }) res: Response) {
    const report = await answering(() => this.forecasts.ehcForecast({ la: q.la, year: Number(q.year), asOf: q.asOf }));
    return respond(res, q.format, report, ehcForecastCsv, `ehc-forecast-${q.la}-${q.year}`);
  }
}

/** The query's target: a stored one by id, else the one it spells out. */
function targetOf(q: ProjectionQueryDto): TargetChoice {
  if (q.target !== undefined) return { id: Number(q.target) };
  if (q.measure === undefined)
    throw new ForecastInputError('target', "is required: a stored target's id, or measure, threshold and deadline");
  if (q.threshold === undefined) throw new ForecastInputError('threshold', 'is required with measure');
  return { measure: q.measure, threshold: Number(q.threshold), comparator: q.comparator, deadline: q.deadline ?? null };
}

function respond<T>(res: Response, format: ReportFormat | undefined, report: T, csv: (r: T) => string, name: string): T | string {
  if (format !== 'csv') return report;
  res.setHeader('content-type', 'text/csv; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}.csv"`);
  return csv(report);
}
