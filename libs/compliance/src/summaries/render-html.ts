// The summary as one self-contained HTML document (mail body and GET ?format=html): inline styles
// only, semantic tables with captions and scoped headers, RAG as words as well as colour.
import { escapeHtml } from '../common/escape';
import { formatChange, formatNumber, formatValue, ragText } from './format-figure';
import { measureLabel, pathwayLabel } from './figure-labels';
import type { BreachFigure, FigureSection, TargetFigure, WeeklyFigures } from './weekly-figures';

export { escapeHtml };

// Dark text on light fills: contrast above 7:1 for each.
const RAG_STYLE: Record<string, string> = {
  red: 'background:#f6d7d7;color:#6b0000;',
  amber: 'background:#fbe8c3;color:#5c3b00;',
  green: 'background:#d5ecd9;color:#0b4a1c;',
};
const RAG_MARK: Record<string, string> = { red: '\u2716 ', amber: '\u25B2 ', green: '\u2714 ' };

const TABLE = 'border-collapse:collapse;width:100%;margin:0 0 24px 0;font-size:14px;';
const CAPTION = 'text-align:left;font-weight:bold;font-size:16px;padding:8px 0;';
const CELL = 'border:1px solid #b1b4b6;padding:6px 8px;text-align:left;vertical-align:top;';
const HEAD = CELL + 'background:#f3f2f1;';

const th = (text: string, scope: 'col' | 'row') => `<th scope="${scope}" style="${HEAD}">${escapeHtml(text)}</th>`;
const td = (text: string, style = '') => `<td style="${CELL}${style}">${escapeHtml(text)}</td>`;

function table(caption: string, headers: string[], rows: string[]): string {
  return [
    `<table style="${TABLE}">`,
    `<caption style="${CAPTION}">${escapeHtml(caption)}</caption>`,
    `<thead><tr>${headers.map((h) => th(h, 'col')).join('')}</tr></thead>`,
    `<tbody>${rows.join('\n')}</tbody>`,
    '</table>',
  ].join('\n');
}

function sectionTable(section: FigureSection): string {
  const rows = section.figures.map(
    (f) =>
      `<tr>${th(f.label, 'row')}${td(formatValue(f.thisWeek, f.unit, f.thisWeekOf))}` +
      `${td(formatValue(f.lastWeek, f.unit, f.lastWeekOf))}${td(formatChange(f.change, f.unit, f.better))}</tr>`,
  );
  return table(section.title, ['Measure', 'This week', 'Last week', 'Change'], rows);
}

function ragCell(status: string | null): string {
  const style = status ? (RAG_STYLE[status] ?? '') : '';
  const mark = status && RAG_MARK[status] ? `<span aria-hidden="true">${RAG_MARK[status]}</span>` : '';
  return `<td style="${CELL}${style}font-weight:bold;">${mark}${escapeHtml(ragText(status))}</td>`;
}

function targetsTable(targets: TargetFigure[]): string {
  if (!targets.length) return '<p>No targets are set for this local authority.</p>';
  const rows = targets.map(
    (t) =>
      `<tr>${th(t.name, 'row')}${td(pathwayLabel(t.pathway))}${td(measureLabel(t.measure))}${td(formatNumber(t.threshold))}` +
      `${td(formatNumber(t.expected))}${td(formatNumber(t.actual))}${ragCell(t.status)}` +
      `${td(formatNumber(t.lastWeekActual))}${td(ragText(t.lastWeekStatus))}</tr>`,
  );
  return table(
    'Waits and timeliness against targets (red, amber, green)',
    [
      'Target',
      'Pathway',
      'Measure',
      'Target value',
      'Expected now (trajectory)',
      'Actual',
      'Status',
      'Actual last week',
      'Status last week',
    ],
    rows,
  );
}

function breachesTable(breaches: BreachFigure[]): string {
  if (!breaches.length) return '<p>No overdue statutory steps or waits past target.</p>';
  const rows = breaches.map(
    (b) =>
      `<tr>${th(b.label, 'row')}${td(String(b.count))}${td(formatNumber(b.lastWeek))}${td(formatChange(b.change, 'count', 'lower'))}` +
      `<td style="${CELL}font-family:monospace;">${b.caseRefs.map(escapeHtml).join(', ')}</td></tr>`,
  );
  return table('Cases behind each breach (case references only)', ['Breach', 'Cases', 'Last week', 'Change', 'Case references'], rows);
}

export function renderHtml(f: WeeklyFigures): string {
  const title = `Weekly SEND compliance summary: LA ${f.la}, week ${f.week}`;
  const missing = [
    f.snapshots.thisWeek ? null : `No figures were available for ${f.weekStart}.`,
    f.snapshots.lastWeek ? null : `No figures were available for last week (${f.lastWeekStart}), so changes are not shown.`,
  ].filter((m): m is string => m !== null);
  return [
    '<!DOCTYPE html>',
    '<html lang="en-GB">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#0b0c0c;background:#ffffff;margin:0;padding:16px;">',
    '<main style="max-width:960px;margin:0 auto;">',
    `<h1 style="font-size:24px;">${escapeHtml(title)}</h1>`,
    `<p>Figures as of Monday ${escapeHtml(f.weekStart)}, compared with Monday ${escapeHtml(f.lastWeekStart)}. ` +
      'Percentages are of steps completed in the 12 months to each date; "excluding exceptions" leaves out cases where a ' +
      'statutory exception lifted the time limit, as the DfE publishes.</p>',
    ...missing.map((m) => `<p role="note"><strong>${escapeHtml(m)}</strong></p>`),
    ...f.sections.map(sectionTable),
    '<h2 style="font-size:20px;">Targets</h2>',
    targetsTable(f.targets),
    '<h2 style="font-size:20px;">Breaches</h2>',
    '<p>Statutory steps overdue, and waits past target, in open cases when this summary was built.</p>',
    breachesTable(f.breaches),
    '<p style="font-size:12px;color:#505a5f;">' +
      'Case references only; no personal details are included. The same figures are attached as CSV.</p>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
