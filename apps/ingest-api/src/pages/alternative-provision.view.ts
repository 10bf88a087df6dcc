// The "Alternative provision" page (views/alternative-provision.njk): placements open, part-time
// timetables, placements not reviewed, hours and time in AP, by provider, reason and commissioner.
import { supportWord, type AlternativeProvisionReport } from '@app/compliance';
import type { PlacementGroup } from '@app/rules';
import { formatDate, formatPercent, formatWeeks } from './format';
import { tableModel, type TableSpec, type TableView } from './html-table';
import { DASHBOARD } from './page-access';
import { laCaption, type PageModel } from './page-render';

export const AP_PATH = `${DASHBOARD}/alternative-provision`;

export interface ApInput {
  report: AlternativeProvisionReport;
  laName: string | null;
}

interface GroupRow extends PlacementGroup {
  key: string;
  name: string;
}

const providerName = (key: string): string => (key.startsWith('kind:') ? `${supportWord(key.slice(5))} (no URN)` : `URN ${key}`);

function groupTable(id: string, caption: string, first: string, rows: GroupRow[], r: AlternativeProvisionReport): TableSpec<GroupRow> {
  const t = r.thresholds;
  return {
    id,
    caption,
    empty: 'No placements are open.',
    columns: [
      { key: 'name', label: first, value: (g) => g.key, text: (g) => g.name },
      { key: 'open', label: 'Open placements', type: 'number', value: (g) => g.open },
      {
        key: 'partTime',
        label: `Part-time (under ${t.fullTimeHours} hours)`,
        type: 'number',
        value: (g) => g.partTime.count,
        cell: (g) => ({ text: String(g.partTime.count), hint: formatPercent(g.partTime.percent) }),
      },
      { key: 'pastReview', label: `Not reviewed for over ${t.reviewWeeks} weeks`, type: 'number', value: (g) => g.unreviewedPastReview },
      {
        key: 'pastLong',
        label: `Not reviewed for over ${t.longWithoutReviewWeeks} weeks`,
        type: 'number',
        value: (g) => g.unreviewedPastLong,
      },
      { key: 'meanHours', label: 'Hours a week (mean)', type: 'number', value: (g) => g.meanHours },
      {
        key: 'weeks',
        label: 'Weeks in AP so far (median)',
        type: 'number',
        value: (g) => g.medianWeeksInAp,
        text: (g) => formatWeeks(g.medianWeeksInAp),
      },
    ],
    rows,
  };
}

const rowsOf = (rec: Record<string, PlacementGroup>, name: (k: string) => string): GroupRow[] =>
  Object.entries(rec).map(([key, g]) => ({ key, name: name(key), ...g }));

export function apTables({ report: r }: ApInput): TableSpec<unknown>[] {
  const p = r.placements;
  return [
    groupTable('providers', 'By provider', 'Provider', p ? rowsOf(p.byProvider, providerName) : [], r),
    groupTable('reasons', 'By reason for the placement', 'Reason', p ? rowsOf(p.byReason, supportWord) : [], r),
    groupTable('commissioners', 'By who commissioned it', 'Commissioned by', p ? rowsOf(p.byCommissioner, supportWord) : [], r),
  ];
}

export interface ApView extends PageModel {
  lead: string;
  missing?: string;
  stats: { value: string; label: string; tone?: string }[];
  ended?: string;
  tables: Record<string, unknown>;
}

export function apView(i: ApInput, view: TableView): ApView {
  const r = i.report;
  const p = r.placements;
  const t = r.thresholds;
  const place = { path: AP_PATH, query: { la: r.la } };
  const [providers, reasons, commissioners] = apTables(i);
  return {
    pageTitle: 'Alternative provision',
    caption: laCaption(r.la, i.laName),
    la: r.la,
    lead:
      'Children placed in alternative provision: who is on a part-time timetable, whose placement has not been reviewed, ' +
      `and for how long${r.snapshotOn ? `, as on ${formatDate(r.snapshotOn)}` : ''}.`,
    missing: p ? undefined : 'No placements recorded yet.',
    stats: p
      ? [
          { value: String(p.open), label: 'open placements' },
          {
            value: String(p.partTime.count),
            label: `part-time, under ${t.fullTimeHours} hours a week`,
            tone: p.partTime.count ? 'amber' : 'green',
          },
          {
            value: String(p.unreviewedPastReview),
            label: `not reviewed for over ${t.reviewWeeks} weeks`,
            tone: p.unreviewedPastReview ? 'amber' : 'green',
          },
          {
            value: String(p.unreviewedPastLong),
            label: `not reviewed for over ${t.longWithoutReviewWeeks} weeks`,
            tone: p.unreviewedPastLong ? 'red' : 'green',
          },
        ]
      : [],
    ended:
      p && p.ended
        ? `${p.ended} placements ended in the last 12 months, typically after ${formatWeeks(p.medianWeeksInApEnded)} in AP.`
        : undefined,
    tables: {
      providers: tableModel(providers, place, view, 3),
      reasons: tableModel(reasons, place, view, 3),
      commissioners: tableModel(commissioners, place, view, 3),
    },
  };
}
