// A termly SEN support return (CSV: childRef, schoolUrn, needCode, ncYear, startedOn,
// lastReviewedOn) read into rows, every problem named by line and column. Pure: no I/O.
import { NEED_CODES, type NeedCode, type ReturnRow, URN_PATTERN } from '@app/rules';
import type { RecordError } from '../../events/ingest-error';
import { REFERENCE_PATTERN, isCalendarDate } from '../../common/validators';
import { NC_YEAR_MAX, NC_YEAR_MIN } from '../../events/dto/sen-support.dto';

export const RETURN_COLUMNS = ['childRef', 'schoolUrn', 'needCode', 'ncYear', 'startedOn', 'lastReviewedOn'] as const;

export interface ReadReturn {
  rows: ReturnRow[];
  errors: RecordError[];
}

/**
 * The rows of school `schoolUrn`'s return as of `returnedOn` (today or earlier: checked by the
 * caller). Refused: a column that is not one of RETURN_COLUMNS (a name or a UPN has no place here),
 * a URN that is not 6 digits or not the return's school, a pupil twice, a date after the return's.
 */
export function readReturnRows(
  records: readonly Record<string, string>[],
  header: readonly string[],
  { schoolUrn, returnedOn }: { schoolUrn: string; returnedOn: string },
): ReadReturn {
  const errors: RecordError[] = [];
  const problem = (index: number, line: number, field: string, reason: string) =>
    errors.push({ index, line, field, reason, record: index < 0 ? undefined : `row on line ${line}` });
  for (const c of RETURN_COLUMNS) if (!header.includes(c)) problem(-1, 1, c, `the header has no column ${c}`);
  for (const c of header)
    if (!(RETURN_COLUMNS as readonly string[]).includes(c))
      problem(-1, 1, c, `column ${c} is not part of a return (${RETURN_COLUMNS.join(', ')})`);
  if (errors.length) return { rows: [], errors };

  const rows: ReturnRow[] = [];
  const seen = new Map<string, number>();
  records.forEach((r, i) => {
    const line = i + 2; // the header is line 1
    const bad = (field: string, reason: string) => problem(i, line, field, reason);
    const before = errors.length;
    if (!REFERENCE_PATTERN.test(r.childRef ?? ''))
      bad('childRef', 'childRef must be a pseudonymous reference with at least one digit (never a name)');
    else if (seen.has(r.childRef)) bad('childRef', `childRef ${r.childRef} is in the return twice (also on line ${seen.get(r.childRef)})`);
    else seen.set(r.childRef, line);
    if (!URN_PATTERN.test(r.schoolUrn ?? '')) bad('schoolUrn', 'schoolUrn must be a 6-digit URN');
    else if (r.schoolUrn !== schoolUrn) bad('schoolUrn', `schoolUrn ${r.schoolUrn} is not the school the return is for (${schoolUrn})`);
    if (!(NEED_CODES as readonly string[]).includes(r.needCode ?? '')) bad('needCode', `needCode must be one of ${NEED_CODES.join(', ')}`);
    const ncYear = r.ncYear === '' || r.ncYear === undefined ? null : Number(r.ncYear);
    if (ncYear !== null && !(Number.isInteger(ncYear) && ncYear >= NC_YEAR_MIN && ncYear <= NC_YEAR_MAX))
      bad('ncYear', `ncYear must be a whole national curriculum year from ${NC_YEAR_MIN} (nursery) to ${NC_YEAR_MAX}, or empty`);
    if (!isCalendarDate(r.startedOn)) bad('startedOn', 'startedOn must be a calendar date written YYYY-MM-DD');
    else if (r.startedOn > returnedOn) bad('startedOn', `startedOn ${r.startedOn} is after the return's date ${returnedOn}`);
    const reviewed = r.lastReviewedOn === '' || r.lastReviewedOn === undefined ? null : r.lastReviewedOn;
    if (reviewed !== null) {
      if (!isCalendarDate(reviewed)) bad('lastReviewedOn', 'lastReviewedOn must be a calendar date written YYYY-MM-DD, or empty');
      else if (reviewed > returnedOn) bad('lastReviewedOn', `lastReviewedOn ${reviewed} is after the return's date ${returnedOn}`);
      else if (isCalendarDate(r.startedOn) && reviewed < r.startedOn)
        bad('lastReviewedOn', `lastReviewedOn ${reviewed} is before startedOn`);
    }
    if (errors.length > before) return;
    rows.push({ childRef: r.childRef, needCode: r.needCode as NeedCode, ncYear, startedOn: r.startedOn, lastReviewedOn: reviewed });
  });
  return { rows, errors };
}
