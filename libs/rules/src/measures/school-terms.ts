// School terms for counting SEN support: autumn, spring and summer, from the fixed starts in the
// rules table (senSupport.*TermStarts). A term runs from its start to the day before the next.
import type { IsoDate } from '../contract';
import { addDays, formatCivil, yearOf } from '../dates/iso-date';
import type { MonthDay, RulesTable } from '../table';

export type TermName = 'autumn' | 'spring' | 'summer';

export interface SchoolTerm {
  /** '2025/26 autumn': the school year, then the term. */
  label: string;
  name: TermName;
  /** The calendar year the school year starts in (2025 for 2025/26). */
  schoolYear: number;
  start: IsoDate;
  /** Inclusive: the day before the next term starts. */
  end: IsoDate;
}

const on = (year: number, d: MonthDay): IsoDate => formatCivil(year, d.month, d.day);

function termStarting(name: TermName, schoolYear: number, rules: RulesTable): SchoolTerm {
  const s = rules.senSupport;
  const starts: Record<TermName, IsoDate> = {
    autumn: on(schoolYear, s.autumnTermStarts),
    spring: on(schoolYear + 1, s.springTermStarts),
    summer: on(schoolYear + 1, s.summerTermStarts),
  };
  const next: Record<TermName, IsoDate> = {
    autumn: starts.spring,
    spring: starts.summer,
    summer: on(schoolYear + 1, s.autumnTermStarts),
  };
  const yy = String((schoolYear + 1) % 100).padStart(2, '0');
  return { label: `${schoolYear}/${yy} ${name}`, name, schoolYear, start: starts[name], end: addDays(next[name], -1) };
}

/** The term a date falls in. */
export function termOf(date: IsoDate, rules: RulesTable): SchoolTerm {
  const s = rules.senSupport;
  const y = yearOf(date);
  if (date >= on(y, s.autumnTermStarts)) return termStarting('autumn', y, rules);
  if (date >= on(y, s.summerTermStarts)) return termStarting('summer', y - 1, rules);
  if (date >= on(y, s.springTermStarts)) return termStarting('spring', y - 1, rules);
  return termStarting('autumn', y - 1, rules);
}

/** The `count` terms up to and including the term of `date`, oldest first. */
export function termsUpTo(date: IsoDate, count: number, rules: RulesTable): SchoolTerm[] {
  const out: SchoolTerm[] = [];
  let t = termOf(date, rules);
  for (let i = 0; i < count; i++) {
    out.unshift(t);
    t = termOf(addDays(t.start, -1), rules);
  }
  return out;
}
