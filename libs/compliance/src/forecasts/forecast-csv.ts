// The forecast reports as CSV (RFC 4180, CRLF, through csvLine like the other reports): one line per
// week for a list, one per open assessment for EHC, each repeating what the whole answer says.
import { csvLine, type CsvCell } from '../common/escape';
import type { CapacityReport, EhcForecastReport, ProjectionReport } from './forecast-types';

const table = (header: string[], rows: CsvCell[][]): string => [csvLine(header), ...rows.map(csvLine)].join('\r\n') + '\r\n';

export function capacityCsv(r: CapacityReport): string {
  const m = r.measures;
  return table(
    [
      'la',
      'pathway',
      'as_of',
      'week_from',
      'week_to',
      'demand',
      'capacity',
      'mean_demand',
      'mean_capacity',
      'queue_size',
      'queue_load',
      'pressure',
      'target_capacity',
      'not_enough_data',
    ],
    r.flows.map((w) => [
      r.la,
      r.pathway,
      r.asOf,
      w.from,
      w.to,
      w.added,
      w.removed,
      m?.demand ?? null,
      m?.capacity ?? null,
      m?.queueSize ?? null,
      m?.queueLoad ?? null,
      m?.pressure ?? null,
      m?.targetCapacity ?? null,
      r.notEnoughData?.why ?? null,
    ]),
  );
}

export function projectionCsv(r: ProjectionReport): string {
  const weeks = r.projection?.weeks ?? [];
  const rows = weeks.map((w): CsvCell[] => [
    r.la,
    r.pathway,
    r.asOf,
    w.on,
    w.size,
    w.band.size.low,
    w.band.size.high,
    w.medianWeeks,
    w.p92Weeks,
    w.targetValue,
    w.met ? 'yes' : 'no',
    r.answer,
  ]);
  if (!rows.length) rows.push([r.la, r.pathway, r.asOf, null, null, null, null, null, null, null, null, r.answer]);
  return table(
    ['la', 'pathway', 'as_of', 'on', 'size', 'size_low', 'size_high', 'median_weeks', 'p92_weeks', 'target_value', 'target_met', 'answer'],
    rows,
  );
}

export function ehcForecastCsv(r: EhcForecastReport): string {
  const p = r.projection;
  const head: CsvCell[] = [
    r.la,
    r.year,
    r.asOf,
    p.including.percent,
    p.including.low,
    p.including.high,
    p.excluding.percent,
    r.published?.year ?? null,
    r.published?.including ?? null,
  ];
  const rows = r.assessments.map((a): CsvCell[] => [
    ...head,
    a.caseRef,
    a.stage,
    a.dueOn,
    Math.round(100 * a.missProbability),
    a.atRisk ? 'yes' : 'no',
    a.expectedFinalOn,
  ]);
  if (!rows.length) rows.push([...head, null, null, null, null, null, null]);
  return table(
    [
      'la',
      'year',
      'as_of',
      'projected_pct',
      'projected_low',
      'projected_high',
      'projected_ex_pct',
      'published_year',
      'published_pct',
      'case_ref',
      'stage',
      'due_on',
      'miss_chance_pct',
      'at_risk',
      'expected_final_on',
    ],
    rows,
  );
}
