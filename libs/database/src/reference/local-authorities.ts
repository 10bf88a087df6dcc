// The list of English local authorities, from the DfE's published statistics committed in
// config/reference (Open Government Licence v3.0). The old three-digit code is the contract's `la`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export const REFERENCE_DIR = join(__dirname, '..', '..', '..', '..', 'config', 'reference');

export interface LocalAuthorityRow {
  laCode: string;
  gssCode: string;
  name: string;
  regionCode: string;
  regionName: string;
}

/** Reads one reference CSV as records keyed by header. */
export function readReferenceCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(REFERENCE_DIR, file)), { columns: true, skip_empty_lines: true });
}

const LA_FILES = [
  'dfe-ehc-timeliness-20-weeks.csv',
  'dfe-ehc-requests.csv',
  'dfe-ehc-assessments.csv',
  'dfe-annual-reviews.csv',
  'dfe-ehc-plans-by-primary-need.csv',
];

/** Every LA that appears in any reference file; the newest year's name and region win. */
export function loadLocalAuthorities(): LocalAuthorityRow[] {
  const byCode = new Map<string, LocalAuthorityRow & { period: string }>();
  for (const file of LA_FILES) {
    for (const r of readReferenceCsv(file)) {
      if (r.geographic_level !== 'Local authority' || !/^\d{3}$/.test(r.old_la_code)) continue;
      const seen = byCode.get(r.old_la_code);
      if (seen && seen.period >= r.time_period) continue;
      byCode.set(r.old_la_code, {
        laCode: r.old_la_code,
        gssCode: r.new_la_code,
        name: r.la_name,
        regionCode: r.region_code,
        regionName: r.region_name,
        period: r.time_period.slice(0, 4),
      });
    }
  }
  return [...byCode.values()].map(({ period: _period, ...la }) => la).sort((a, b) => a.laCode.localeCompare(b.laCode));
}
