// Query strings of the forecast reports, validated at the edge (400 naming the field when
// malformed); what is well formed but cannot be answered (a past deadline) is the service's 422.
import { IsIn, IsOptional, Matches } from 'class-validator';
import { PROJECTABLE_MEASURES } from '@app/rules';
import { IsCalendarDate, IsLaCode } from '../common/validators';
import { REPORT_FORMATS, type ReportFormat } from './report-query.dto';

const NUMBER = /^-?\d{1,6}(\.\d{1,3})?$/;

class ListForecastQuery {
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;

  @IsLaCode()
  la: string;

  @IsIn(['slt', 'neurodevelopmental'], { message: 'pathway must be one of slt, neurodevelopmental' })
  pathway: 'slt' | 'neurodevelopmental';

  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'window must be a whole number of weeks' })
  window?: string;

  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class CapacityQueryDto extends ListForecastQuery {}

export class ProjectionQueryDto extends ListForecastQuery {
  /** A stored target's id; or measure, threshold, comparator and deadline instead. */
  @IsOptional()
  @Matches(/^\d{1,9}$/, { message: "target must be a stored target's id (a whole number)" })
  target?: string;

  @IsOptional()
  @IsIn(PROJECTABLE_MEASURES, { message: `measure must be one of ${PROJECTABLE_MEASURES.join(', ')}` })
  measure?: string;

  @IsOptional()
  @Matches(NUMBER, { message: 'threshold must be a number' })
  threshold?: string;

  @IsOptional()
  @IsIn(['lte', 'gte'], { message: 'comparator must be one of lte, gte' })
  comparator?: 'lte' | 'gte';

  @IsOptional()
  @IsCalendarDate()
  deadline?: string;

  @IsOptional()
  @Matches(NUMBER, { message: 'capacityChange must be a number of contacts a week (negative: fewer)' })
  capacityChange?: string;

  @IsOptional()
  @IsCalendarDate()
  capacityFrom?: string;

  @IsOptional()
  @Matches(NUMBER, { message: 'demandChange must be a percentage (negative: demand grows)' })
  demandChange?: string;
}

export class EhcForecastQueryDto {
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;

  @IsLaCode()
  la: string;

  @Matches(/^\d{4}$/, { message: 'year must be a calendar year such as 2026' })
  year: string;

  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}
