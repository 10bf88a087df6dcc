// Query strings of /v1/reports, validated at the edge; every message names the field.
import { IsIn, IsOptional, Matches, ValidateBy, type ValidationOptions } from 'class-validator';
import { parseLaList } from '@app/access';
import { EHC_GROUPINGS, TREND_MEASURES, type EhcGrouping, type TrendMeasure } from '@app/compliance';
import { PATHWAYS, type Pathway } from '@app/rules';
import { IsCalendarDate, IsLaCode, IsLaList } from '../common/validators';

export const REPORT_FORMATS = ['json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const NEED_PATTERN = /^(unknown|[A-Z]{2,4})$/;

/** A query value given once, repeated or comma-separated, as a list (measures; LA lists are parseLaList's). */
export function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value])
    .flatMap((v) => String(v).split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function IsListOf(allowed: (item: string) => boolean, message: string, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isListOf',
      validator: {
        validate: (v: unknown) =>
          (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'))) &&
          listOf(v as string | string[]).length > 0 &&
          listOf(v as string | string[]).every(allowed),
      },
    },
    { message, ...options },
  );
}

class FormatQuery {
  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: ReportFormat;
}

class LaQuery extends FormatQuery {
  /** Absent: every LA (England). */
  @IsOptional()
  @IsLaList()
  la?: string | string[];
}

export class PeriodQueryDto extends LaQuery {
  @IsCalendarDate()
  from: string;

  @IsCalendarDate()
  to: string;
}

export class EhcTimelinessQueryDto extends PeriodQueryDto {
  @IsOptional()
  @IsIn(EHC_GROUPINGS, { message: `by must be one of ${EHC_GROUPINGS.join(', ')}` })
  by?: EhcGrouping;

  @IsOptional()
  @Matches(NEED_PATTERN, { message: "need must be a SEN2 primary need code or 'unknown'" })
  need?: string;
}

export class WaitingListQueryDto extends LaQuery {
  @IsIn(['slt', 'neurodevelopmental'], { message: 'pathway must be one of slt, neurodevelopmental' })
  pathway: 'slt' | 'neurodevelopmental';

  @IsOptional()
  @IsCalendarDate()
  asOf?: string;

  @IsOptional()
  @Matches(/^\d{1,3}$/, { message: 'longest must be a whole number from 0 to 500' })
  longest?: string;
}

export class OpenAssessmentsQueryDto extends LaQuery {
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export class TrendQueryDto extends FormatQuery {
  @IsLaCode()
  la: string;

  @IsIn(PATHWAYS, { message: `pathway must be one of ${PATHWAYS.join(', ')}` })
  pathway: Pathway;

  @IsListOf((m) => (TREND_MEASURES as readonly string[]).includes(m), `measure must be one or more of ${TREND_MEASURES.join(', ')}`)
  measure: string | string[];

  @IsCalendarDate()
  from: string;

  @IsCalendarDate()
  to: string;

  @IsOptional()
  @Matches(/^(all|unknown|[A-Z]{2,4})$/, { message: "need must be a SEN2 primary need code, 'unknown' or 'all'" })
  need?: string;
}

export const trendMeasuresOf = (q: TrendQueryDto): TrendMeasure[] => [...new Set(listOf(q.measure))] as TrendMeasure[];

/** The LAs a validated query names, read as the auth guard read them; none: every LA (England). */
export const lasOf = (q: { la?: string | string[] }): string[] => parseLaList(q.la).codes;

/** One LA's SEN support or alternative provision report, as of a date (default today). */
export class SupportReportQueryDto extends FormatQuery {
  @IsLaCode()
  la: string;

  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}
