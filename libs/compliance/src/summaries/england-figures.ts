// England's published 20-week figure (DfE "Education, health and care plans", national row of the
// newest calendar year in config/reference), beside which the leaders' headline sets the LA's own.
import { readReferenceCsv } from '@app/database';
import type { EnglandTwentyWeeks } from './weekly-figures';

let cached: EnglandTwentyWeeks | null | undefined;

const percent = (v: string | undefined): number | null => {
  const n = v === undefined || v === '' || /^[xcz]$/i.test(v) ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
};

/** The newest national row; null when the reference file has none. */
export function englandTwentyWeeks(): EnglandTwentyWeeks | null {
  if (cached !== undefined) return cached;
  const national = readReferenceCsv('dfe-ehc-timeliness-20-weeks.csv')
    .filter((r) => r.geographic_level === 'National')
    .sort((a, b) => b.time_period.localeCompare(a.time_period));
  const r = national[0];
  cached = r
    ? { year: r.time_period, including: percent(r.pc_plans_issued_within_20_weeks), excluding: percent(r.PC_plans_issued_20_weeks_ex) }
    : null;
  return cached;
}
