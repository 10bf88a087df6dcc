// Query strings of the pages, validated at the edge like every other endpoint. Empty form fields
// ('assignee=') count as absent.
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NEED_CODES } from '@app/rules';
import { IsLaCode, REFERENCE_PATTERN } from '../common/validators';

const blankIsAbsent = () => Transform(({ value }) => (value === '' ? undefined : value));

/** A page's tables: q, sort, dir and page apply to the table named in `table` (all when none is); ?format=csv&table=id downloads one. */
export class TableQuery {
  @blankIsAbsent()
  @IsOptional()
  @IsIn(['html', 'csv'])
  format?: 'html' | 'csv';

  @blankIsAbsent()
  @IsOptional()
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'table must name one of the tables on the page' })
  table?: string;

  @blankIsAbsent()
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @blankIsAbsent()
  @IsOptional()
  @Matches(/^[A-Za-z0-9_]{1,40}$/, { message: 'sort must be a column key' })
  sort?: string;

  @blankIsAbsent()
  @IsOptional()
  @IsIn(['asc', 'desc'])
  dir?: 'asc' | 'desc';

  /** The page of the table named in `table` (50 rows a page). Query values arrive as text. */
  @blankIsAbsent()
  @IsOptional()
  @Matches(/^[1-9][0-9]{0,5}$/, { message: 'page must be a page number: 1, 2, 3...' })
  page?: string;
}

export class LaQuery extends TableQuery {
  @blankIsAbsent()
  @IsOptional()
  @IsLaCode()
  la?: string;
}

export class CaseworkerQuery extends LaQuery {
  /** Until sign-in exists, whose cases these are. */
  @blankIsAbsent()
  @IsOptional()
  @Matches(REFERENCE_PATTERN, { message: 'assignee is not a valid reference' })
  assignee?: string;

  @blankIsAbsent()
  @IsOptional()
  /** A team, or 'all' (every team, chosen: not replaced by a team manager's own team). */
  @IsIn(['assessment', 'reviews', 'slt', 'nd', 'all'])
  team?: string;
}

export class CommissionerQuery extends LaQuery {
  @blankIsAbsent()
  @IsOptional()
  @IsIn(['slt', 'neurodevelopmental'])
  pathway?: 'slt' | 'neurodevelopmental';

  // The forecast panel's what-if form (GET): what a person typed, read by the page, which shows a
  // value it cannot use (not a number, a change making capacity negative) as the field's error.
  @blankIsAbsent()
  @IsOptional()
  @Matches(/^\d{1,9}$/, { message: "target must be a stored target's id" })
  target?: string;

  @blankIsAbsent()
  @IsOptional()
  @IsString()
  @MaxLength(20)
  window?: string;

  @blankIsAbsent()
  @IsOptional()
  @IsString()
  @MaxLength(20)
  capacityChange?: string;

  @blankIsAbsent()
  @IsOptional()
  @IsString()
  @MaxLength(20)
  capacityFrom?: string;

  @blankIsAbsent()
  @IsOptional()
  @IsString()
  @MaxLength(20)
  demandChange?: string;
}

export class LeaderQuery extends LaQuery {
  @blankIsAbsent()
  @IsOptional()
  @Matches(/^\d{4}-W\d{2}$/, { message: 'week must be an ISO week like 2026-W47' })
  week?: string;
}

export class EhcTimelinessQuery extends LaQuery {
  @blankIsAbsent()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}$/, { message: 'from must be a month like 2025-12' })
  from?: string;

  @blankIsAbsent()
  @IsOptional()
  @Matches(/^\d{4}-\d{2}$/, { message: 'to must be a month like 2026-11' })
  to?: string;

  /** A SEN2 primary need code, or 'unknown' for plans without one. */
  @blankIsAbsent()
  @IsOptional()
  @IsIn([...NEED_CODES, 'unknown'])
  need?: string;
}

export const present = (v: string | undefined): string | undefined => (v === '' ? undefined : v);
