// The summary as CSV (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line break).
// One row per figure, per target and per breach count, then one row per case behind each breach.
import { csvField, csvLine, type CsvCell as Cell } from '../common/escape';
import type { WeeklyFigures } from './weekly-figures';

export const CSV_HEADER = ['section', 'measure', 'label', 'this_week', 'last_week', 'change', 'status', 'case_ref'] as const;

export { csvField, csvLine };

const breachMeasure = (b: { pathway: string; kind: string; service: string | null }) =>
  [b.pathway, b.kind, b.service].filter((p) => p !== null).join('.');

export function renderCsv(f: WeeklyFigures): string {
  const rows: Cell[][] = [[...CSV_HEADER]];
  for (const section of f.sections) {
    for (const x of section.figures) rows.push([section.key, x.measure, x.label, x.thisWeek, x.lastWeek, x.change, null, null]);
  }
  for (const t of f.targets) {
    const change = t.actual === null || t.lastWeekActual === null ? null : t.change;
    rows.push(['targets', `${t.pathway}.${t.measure}`, t.name, t.actual, t.lastWeekActual, change, t.status ?? 'no_data', null]);
  }
  for (const b of f.breaches) rows.push(['breaches', breachMeasure(b), b.label, b.count, b.lastWeek, b.change, null, null]);
  for (const b of f.breaches) {
    for (const ref of b.caseRefs) rows.push(['breach_cases', breachMeasure(b), b.label, null, null, null, null, ref]);
  }
  return rows.map(csvLine).join('\r\n') + '\r\n';
}
