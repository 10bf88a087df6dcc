// The LA's own published 20-week figure from the DfE's "Education, health and care plans" file in
// config/reference (the same file the leaders' England figure reads), for the forecast to sit beside.
import { readReferenceCsv } from '@app/database';
import type { PublishedTwentyWeeks } from './forecast-types';

let byLa: Map<string, PublishedTwentyWeeks[]> | undefined;

const num = (v: string | undefined): number | null => {
  const n = v === undefined || v === '' || /^[xcz]$/i.test(v) ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
};

function load(): Map<string, PublishedTwentyWeeks[]> {
  const out = new Map<string, PublishedTwentyWeeks[]>();
  for (const r of readReferenceCsv('dfe-ehc-timeliness-20-weeks.csv')) {
    if (r.geographic_level !== 'Local authority' || r.breakdown !== 'All EHC plans issued') continue;
    const row = {
      year: Number(r.time_period),
      plans: num(r.plans_issued_den),
      including: num(r.pc_plans_issued_within_20_weeks),
      excluding: num(r.PC_plans_issued_20_weeks_ex),
    };
    out.set(r.old_la_code, [...(out.get(r.old_la_code) ?? []), row]);
  }
  for (const rows of out.values()) rows.sort((a, b) => b.year - a.year);
  return out;
}

/** The newest published calendar year before `year` for the LA; null when there is none. */
export function publishedBefore(la: string, year: number): PublishedTwentyWeeks | null {
  byLa ??= load();
  return byLa.get(la)?.find((r) => r.year < year) ?? null;
}
