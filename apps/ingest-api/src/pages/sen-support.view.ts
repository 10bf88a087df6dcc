// The "SEND support" page (views/sen-support.njk): children at SEN support by term and need, the
// schools whose numbers moved sharply against their own history, schools with none, needs rising,
// reviews overdue, and the overlap with EHC requests and waiting lists. From SupportReportsService.
import { needName, type SenSupportReport } from '@app/compliance';
import { formatDate, formatPercent, formatWeeks } from './format';
import { tableModel, type TableSpec, type TableView } from './html-table';
import { DASHBOARD } from './page-access';
import { laCaption, type PageModel } from './page-render';

export const SEN_SUPPORT_PATH = `${DASHBOARD}/sen-support`;

export interface SenSupportInput {
  report: SenSupportReport;
  laName: string | null;
}

type School = SenSupportReport['schools'][number];
type Moved = SenSupportReport['trends']['schoolsMoved'][number];
type Need = SenSupportReport['byNeed'][number];
type Term = SenSupportReport['terms'][number];

const chance = (p: number): string => (p < 0.001 ? 'under 1 in 1,000' : `about 1 in ${Math.round(1 / p).toLocaleString('en-GB')}`);

export function senSupportTables({ report: r }: SenSupportInput): TableSpec<unknown>[] {
  const terms: TableSpec<Term> = {
    id: 'terms',
    caption: 'Children at SEN support, term by term',
    note: 'Counted on each term’s last day (this term: the date of the figures). Started and ended: during the term.',
    empty: 'No school has reported SEN support yet.',
    columns: [
      { key: 'term', label: 'Term', value: (t) => t.term },
      { key: 'atSupport', label: 'At SEN support', type: 'number', value: (t) => t.atSupport },
      { key: 'started', label: 'Started', type: 'number', value: (t) => t.started },
      { key: 'ended', label: 'Ended', type: 'number', value: (t) => t.ended },
    ],
    rows: r.terms,
  };
  const needs: TableSpec<Need> = {
    id: 'needs',
    caption: 'By primary need and term',
    empty: 'No needs recorded yet.',
    columns: [
      { key: 'need', label: 'Primary need', value: (n) => n.needCode, text: (n) => needName(n.needCode) },
      ...r.terms.map((t, i) => ({ key: `term${i}`, label: t.term, type: 'number' as const, value: (n: Need) => n.counts[i] })),
    ],
    rows: r.byNeed,
  };
  const moved: TableSpec<Moved> = {
    id: 'moved',
    caption: 'Schools whose numbers moved sharply this term',
    note:
      `Against each school’s own previous ${r.method.historyTerms} terms: flagged when a change this large would happen by chance ` +
      `less than ${r.method.significancePercent}% of the time (a Poisson test).`,
    empty: 'No school’s numbers moved sharply this term.',
    columns: [
      { key: 'school', label: 'School (URN)', value: (s) => s.schoolUrn, cell: (s) => ({ text: s.schoolUrn, mono: true }) },
      {
        key: 'direction',
        label: 'Change',
        value: (s) => s.direction,
        cell: (s) => ({ text: s.direction === 'rise' ? 'Rose sharply' : 'Fell sharply', tag: s.direction === 'rise' ? 'orange' : 'blue' }),
      },
      { key: 'expected', label: 'Usual number (mean of previous terms)', type: 'number', value: (s) => Math.round(s.expected * 10) / 10 },
      { key: 'observed', label: 'This term', type: 'number', value: (s) => s.observed },
      {
        key: 'chance',
        label: 'Chance of a change this large',
        value: (s) => Math.min(s.upperP, s.lowerP),
        text: (s) => chance(Math.min(s.upperP, s.lowerP)),
      },
    ],
    rows: r.trends.schoolsMoved,
  };
  const none: TableSpec<string> = {
    id: 'none',
    caption: 'Schools with no children at SEN support this term',
    empty: 'Every school has children at SEN support this term.',
    columns: [{ key: 'school', label: 'School (URN)', value: (u) => u, cell: (u) => ({ text: u, mono: true }) }],
    rows: r.trends.schoolsWithNone,
  };
  const schools: TableSpec<School> = {
    id: 'schools',
    caption: 'Every school',
    empty: 'No schools are listed for this local authority.',
    columns: [
      { key: 'school', label: 'School (URN)', value: (s) => s.schoolUrn, cell: (s) => ({ text: s.schoolUrn, mono: true }) },
      { key: 'atSupport', label: 'At SEN support now', type: 'number', value: (s) => s.atSupport },
      { key: 'reviewOverdue', label: 'Reviews overdue', type: 'number', value: (s) => s.reviewOverdue },
    ],
    rows: r.schools,
  };
  return [terms, needs, moved, none, schools];
}

export interface SenSupportView extends PageModel {
  lead: string;
  missing?: string;
  stats: { value: string; label: string; tone?: string }[];
  rising: string[];
  links: string[];
  method: string;
  tables: Record<string, unknown>;
}

export function senSupportView(i: SenSupportInput, view: TableView): SenSupportView {
  const r = i.report;
  const place = { path: SEN_SUPPORT_PATH, query: { la: r.la } };
  const [terms, needs, moved, none, schools] = senSupportTables(i);
  const l = r.links;
  return {
    pageTitle: 'SEND support',
    caption: laCaption(r.la, i.laName),
    la: r.la,
    lead:
      `Children at SEN support in the local authority’s schools, from the schools’ termly returns` +
      (r.snapshotOn ? `, as on ${formatDate(r.snapshotOn)}.` : '.'),
    missing: r.snapshotOn ? undefined : 'No figures yet: they are computed each night once schools have sent returns.',
    stats: [
      { value: r.open.toLocaleString('en-GB'), label: 'children at SEN support' },
      {
        value: `${r.reviewOverdue.count.toLocaleString('en-GB')}`,
        label: `not reviewed within a term (${formatPercent(r.reviewOverdue.percent)})`,
        tone: r.reviewOverdue.count ? 'amber' : 'green',
      },
      { value: String(r.trends.schoolsMoved.length), label: 'schools whose numbers moved sharply' },
      { value: String(r.trends.schoolsWithNone.length), label: 'schools with none this term' },
    ],
    rising: r.trends.needsRising.map(
      (n) =>
        `${needName(n.needCode)}: ${n.observed} this term against ${Math.round(n.expected * 10) / 10} in a usual term` +
        (n.changePercent === null ? '.' : ` (up ${Math.round(n.changePercent)}%).`),
    ),
    links: l
      ? [
          `${l.precededBySupport.count} of ${l.ehcRequests} requests for an EHC needs assessment in the last 12 months ` +
            `(${formatPercent(l.precededBySupport.percent)}) came for children already at SEN support` +
            (l.medianWeeksSupportToRequest === null ? '.' : `, typically ${formatWeeks(l.medianWeeksSupportToRequest)} after it began.`),
          `${l.waiting.slt.children} children at SEN support are also waiting for speech and language therapy` +
            (l.waiting.slt.medianWeeksWaited === null ? '.' : ` (typically ${formatWeeks(l.waiting.slt.medianWeeksWaited)} so far).`),
          `${l.waiting.neurodevelopmental.children} are also waiting for a neurodevelopmental assessment` +
            (l.waiting.neurodevelopmental.medianWeeksWaited === null
              ? '.'
              : ` (typically ${formatWeeks(l.waiting.neurodevelopmental.medianWeeksWaited)} so far).`),
        ]
      : [],
    method:
      `A school is flagged when this term’s number is far from the mean of its previous ${r.method.historyTerms} terms: so far ` +
      `that a change that large would happen by chance less than ${r.method.significancePercent}% of the time, if the ` +
      `school’s numbers varied as counts usually do (a Poisson test). Schools with fewer than ${r.method.minHistoryTerms} ` +
      `earlier terms are not tested. A need is rising when it is at least ${r.method.needRisingPercent}% above its usual ` +
      'number and the same test agrees.',
    tables: {
      terms: tableModel(terms, place, view, 3),
      needs: tableModel(needs, place, view, 3),
      moved: tableModel(moved, place, view, 3),
      withNone: tableModel(none, place, view, 3),
      schools: tableModel(schools, place, view, 3),
    },
  };
}
