// The weekly summary's figures as plain data, from this week's and last week's LA-wide snapshot
// rows, the current breach lists and target statuses. Pure: stored as jsonb, rendered as HTML/CSV.
import {
  ADVICE_SERVICES,
  addDays,
  roundHalfAwayFromZero,
  type AdviceService,
  type IsoDate,
  type Rag,
  type Share,
  type WaitPathway,
} from '@app/rules';
import type { BreachList, OverdueStep } from '../milestones/milestone-row';
import type { SnapshotMeasures, SnapshotRow } from '../snapshots/snapshot-measures';
import { breachLabel, SERVICE_LABELS } from './figure-labels';

export type Unit = 'count' | 'percent' | 'weeks';

export interface Fraction {
  count: number;
  of: number;
}

export interface Figure {
  /** Stable key, e.g. 'ehc.within20Weeks.excluding'. */
  measure: string;
  label: string;
  unit: Unit;
  /** Which way is an improvement; null when neither (e.g. the number of plans issued). */
  better: 'higher' | 'lower' | null;
  thisWeek: number | null;
  lastWeek: number | null;
  /** thisWeek - lastWeek (1 dp); null when either is missing. */
  change: number | null;
  /** For percentages: the count and the number it is of. */
  thisWeekOf?: Fraction | null;
  lastWeekOf?: Fraction | null;
}

export type SectionKey = 'ehc' | 'open' | 'advice' | 'reviews' | 'waits' | 'senSupport' | 'alternativeProvision';

export interface FigureSection {
  key: SectionKey;
  title: string;
  figures: Figure[];
}

/** A target's status as TargetsService.statuses reports it. */
export interface TargetLine {
  name: string;
  pathway: string;
  measure: string;
  threshold: number;
  expected: number | null;
  actual: number | null;
  status: Rag | null;
  /** The goal's date (summaries stored before it was kept lack it). */
  deadline?: IsoDate;
  comparator?: 'lte' | 'gte';
}

export interface TargetFigure extends TargetLine {
  lastWeekActual: number | null;
  lastWeekStatus: Rag | null;
  change: number | null;
}

export interface BreachFigure {
  pathway: string;
  kind: string;
  service: string | null;
  label: string;
  count: number;
  /** From last week's stored summary, when there is one. */
  lastWeek: number | null;
  change: number | null;
  caseRefs: string[];
}

/** A 20-week rate over 12 months: the share of final plans issued within 20 weeks. */
export interface TwentyWeekRate {
  percent: number | null;
  count: number;
  of: number;
}

export interface TwentyWeeks {
  /** The 12 months to this date. */
  asOf: IsoDate;
  including: TwentyWeekRate | null;
  excluding: TwentyWeekRate | null;
}

/** England's published figure (DfE, calendar year): percentages only. */
export interface EnglandTwentyWeeks {
  year: string;
  including: number | null;
  excluding: number | null;
}

/** The leaders' headline: the 20-week figure this year, a year earlier, and England's. */
export interface Headline {
  thisYear: TwentyWeeks;
  lastYear: TwentyWeeks;
  england: EnglandTwentyWeeks | null;
}

/** A projected share of final plans within 20 weeks with its interval (percent; null: no plan expected). */
export interface ProjectedTwentyWeeks {
  percent: number | null;
  low: number | null;
  high: number | null;
}

/** A waiting-list target the projection says will not be met by its deadline. */
export interface TargetAtRisk {
  pathway: string;
  measure: string;
  deadline: IsoDate;
  /** The projection's answer in words: "Not met by 31 March 2027: 6 more contacts a week needed from 17 November 2026". */
  answer: string;
}

/** Where the year is heading, as of the week's Monday (forecasts: libs/compliance/src/forecasts). */
export interface SummaryForecast {
  year: number;
  asOf: IsoDate;
  including: ProjectedTwentyWeeks;
  excluding: ProjectedTwentyWeeks;
  intervalPercent: number;
  /** The LA's newest published DfE figure before the year. */
  published: { year: number; including: number | null; excluding: number | null } | null;
  targetsAtRisk: TargetAtRisk[];
}

export interface WeeklyFigures {
  la: string;
  week: string;
  weekStart: IsoDate;
  lastWeekStart: IsoDate;
  /** Whether LA-wide snapshot rows were found for each Monday. */
  snapshots: { thisWeek: boolean; lastWeek: boolean };
  sections: FigureSection[];
  targets: TargetFigure[];
  breaches: BreachFigure[];
  /** Summaries stored before the board layout lack these two. */
  headline?: Headline;
  /** The open cases longest overdue (at most ten), oldest first. */
  overdueCases?: OverdueStep[];
  /** Summaries stored before forecasts, or built without them, lack this. */
  forecast?: SummaryForecast;
  /**
   * Set when the two Mondays' figures were computed with different rules (a new edition or table):
   * a change from last week may then come from the rules, not the work.
   */
  rulesChanged?: { lastWeek: string | null; thisWeek: string };
}

export interface WeeklyInput {
  la: string;
  week: string;
  weekStart: IsoDate;
  lastWeekStart: IsoDate;
  thisWeek: SnapshotRow[];
  lastWeek: SnapshotRow[];
  breaches: BreachList[];
  /** Breach counts from last week's summary, if it was stored. */
  lastWeekBreaches?: BreachFigure[] | null;
  targets: TargetLine[];
  lastWeekTargets?: TargetLine[];
  /** The LA-wide rows of the Monday 52 weeks before weekStart, for the headline's "a year earlier". */
  yearAgoStart?: IsoDate;
  yearAgo?: SnapshotRow[];
  england?: EnglandTwentyWeeks | null;
  overdueCases?: OverdueStep[];
  forecast?: SummaryForecast | null;
}

/** LA-wide measures ('all' need rows), each read from the pathway that owns it. */
interface LaMeasures {
  ehc: SnapshotMeasures;
  reviews: SnapshotMeasures;
  waits: Partial<Record<WaitPathway, SnapshotMeasures>>;
  /** Issue 15: absent (empty) for an LA with no SEN support or AP recorded. */
  senSupport: SnapshotMeasures;
  alternativeProvision: SnapshotMeasures;
}

function laWide(rows: SnapshotRow[]): LaMeasures | null {
  const all = rows.filter((r) => r.needCode === 'all');
  if (!all.length) return null;
  const of = (pathway: string) => all.find((r) => r.pathway === pathway)?.measures ?? {};
  return {
    ehc: of('ehc_assessment'),
    reviews: of('annual_review'),
    waits: { slt: of('slt'), neurodevelopmental: of('neurodevelopmental') },
    senSupport: of('sen_support'),
    alternativeProvision: of('alternative_provision'),
  };
}

type Value = number | Share | null | undefined;

interface FigureSpec {
  measure: string;
  label: string;
  unit: Unit;
  better: Figure['better'];
  read: (m: LaMeasures) => Value;
}

const round1 = (n: number) => {
  const r = roundHalfAwayFromZero(n, 1);
  return r === 0 ? 0 : r; // no '-0' in the output
};

function figure(spec: FigureSpec, now: LaMeasures | null, before: LaMeasures | null): Figure {
  const a = now ? (spec.read(now) ?? null) : null;
  const b = before ? (spec.read(before) ?? null) : null;
  const value = (v: Value): number | null =>
    v === null || v === undefined ? null : typeof v === 'number' ? (spec.unit === 'weeks' ? round1(v) : v) : v.percent;
  const thisWeek = value(a);
  const lastWeek = value(b);
  const out: Figure = {
    measure: spec.measure,
    label: spec.label,
    unit: spec.unit,
    better: spec.better,
    thisWeek,
    lastWeek,
    change: thisWeek === null || lastWeek === null ? null : round1(thisWeek - lastWeek),
  };
  if (spec.unit === 'percent') {
    const frac = (v: Value): Fraction | null => (v && typeof v === 'object' ? { count: v.count, of: v.of } : null);
    out.thisWeekOf = frac(a);
    out.lastWeekOf = frac(b);
  }
  return out;
}

const pct = (measure: string, label: string, read: FigureSpec['read']): FigureSpec => ({
  measure,
  label,
  unit: 'percent',
  better: 'higher',
  read,
});
const count = (measure: string, label: string, better: Figure['better'], read: FigureSpec['read']): FigureSpec => ({
  measure,
  label,
  unit: 'count',
  better,
  read,
});
const weeks = (measure: string, label: string, read: FigureSpec['read']): FigureSpec => ({
  measure,
  label,
  unit: 'weeks',
  better: 'lower',
  read,
});

const EHC: FigureSpec[] = [
  count('ehc.plansIssued', 'Final plans issued (12 months to date)', null, (m) => m.ehc.ehc?.plansIssued),
  pct('ehc.within20Weeks.including', '% within 20 weeks, including exceptions', (m) => m.ehc.ehc?.within20Weeks.including),
  pct('ehc.within20Weeks.excluding', '% within 20 weeks, excluding exceptions (DfE headline)', (m) => m.ehc.ehc?.within20Weeks.excluding),
  pct('ehc.overYear.including', '% issued after more than a year', (m) => m.ehc.ehc?.overYear.including),
  weeks('ehc.medianWeeks', 'Median weeks from request to final plan', (m) => m.ehc.ehc?.medianWeeks),
  pct('decisions.including', '% decisions whether to assess within 6 weeks, including exceptions', (m) => m.ehc.decisions?.including),
  pct('decisions.excluding', '% decisions whether to assess within 6 weeks, excluding exceptions', (m) => m.ehc.decisions?.excluding),
];

const OPEN: FigureSpec[] = [
  count('open.open', 'Open assessments', null, (m) => m.ehc.open?.open),
  count('open.overdue', 'Overdue: at least one step past its limit', 'lower', (m) => m.ehc.open?.overdue),
  count('open.finalPlanOverdue', 'Past 20 weeks without a final plan', 'lower', (m) => m.ehc.open?.finalPlanOverdue),
  count('open.dueSoon', 'With a step due in the next 2 weeks', null, (m) => m.ehc.open?.dueSoon),
  count('open.withException', 'With an exception to a time limit', null, (m) => m.ehc.open?.withException),
];

const adviceSpecs = (service: AdviceService | 'all'): FigureSpec[] => [
  pct(
    `advice.${service}.including`,
    `${SERVICE_LABELS[service]}: % within 6 weeks, including exceptions`,
    (m) => m.ehc.advice?.[service]?.including,
  ),
  pct(
    `advice.${service}.excluding`,
    `${SERVICE_LABELS[service]}: % within 6 weeks, excluding exceptions`,
    (m) => m.ehc.advice?.[service]?.excluding,
  ),
];

const REVIEWS: FigureSpec[] = [
  pct('reviews.meetingsOnTime', '% review meetings held on time', (m) => m.reviews.reviews?.meetingsOnTime),
  // Absent from snapshots stored before this measure existed.
  pct(
    'reviews.reviewsCompletedWithin12Months',
    '% reviews completed (LA decision) within 12 months',
    (m) => m.reviews.reviews?.reviewsCompletedWithin12Months,
  ),
  pct('reviews.decisionsWithin4Weeks', '% decisions within 4 weeks of the meeting', (m) => m.reviews.reviews?.decisionsWithin4Weeks),
  pct('reviews.amendedWithin12Weeks', '% amended plans within 12 weeks of the meeting', (m) => m.reviews.reviews?.amendedWithin12Weeks),
  pct('reviews.phaseTransfersOnTime', '% phase transfers amended on time', (m) => m.reviews.reviews?.phaseTransfersOnTime),
];

const waitSpecs = (p: WaitPathway, name: string): FigureSpec[] => {
  const w = (m: LaMeasures) => m.waits[p]?.waitingList;
  return [
    count(`waits.${p}.waiting`, `${name}: number waiting`, 'lower', (m) => w(m)?.waiting),
    weeks(`waits.${p}.medianWeeks`, `${name}: median wait (weeks)`, (m) => w(m)?.medianWeeks),
    weeks(`waits.${p}.p92Weeks`, `${name}: 92nd percentile wait (weeks)`, (m) => w(m)?.p92Weeks),
    pct(`waits.${p}.withinTarget`, `${name}: % waiting within target`, (m) => w(m)?.withinTarget),
    count(`waits.${p}.overMax`, `${name}: waiting 52 weeks or more`, 'lower', (m) => w(m)?.overMax),
  ];
};

// Issue 15: a short section each, shown only to LAs that record them.
const SEN_SUPPORT: FigureSpec[] = [
  count('senSupport.open', 'Children at SEN support', null, (m) => m.senSupport.senSupport?.now.open),
  count(
    'senSupport.reviewOverdue',
    'At SEN support, not reviewed within a term',
    'lower',
    (m) => m.senSupport.senSupport?.now.reviewOverdue.count,
  ),
  pct(
    'senSupport.ehcRequestsPreceded',
    '% EHC requests (12 months) from children at SEN support',
    (m) => m.senSupport.senSupportLinks?.precededBySupport,
  ),
  count('senSupport.alsoWaiting', 'At SEN support and waiting for SLT or ND', null, (m) => m.senSupport.senSupportLinks?.waiting.either),
];

const ALTERNATIVE_PROVISION: FigureSpec[] = [
  count('ap.open', 'Open placements in alternative provision', null, (m) => m.alternativeProvision.alternativeProvision?.open),
  count(
    'ap.partTime',
    'On a part-time timetable (under 25 hours)',
    'lower',
    (m) => m.alternativeProvision.alternativeProvision?.partTime.count,
  ),
  count(
    'ap.unreviewed6',
    'Not reviewed for over 6 weeks',
    'lower',
    (m) => m.alternativeProvision.alternativeProvision?.unreviewedPastReview,
  ),
  count(
    'ap.unreviewed12',
    'Not reviewed for over 12 weeks',
    'lower',
    (m) => m.alternativeProvision.alternativeProvision?.unreviewedPastLong,
  ),
];

const records = (m: LaMeasures | null, k: 'senSupport' | 'alternativeProvision') => m !== null && Object.keys(m[k]).length > 0;

/** Services with any advice either week, and always the total. */
function adviceServices(now: LaMeasures | null, before: LaMeasures | null): (AdviceService | 'all')[] {
  const used = (s: AdviceService) => [now, before].some((m) => (m?.ehc.advice?.[s]?.including.of ?? 0) > 0);
  return ['all', ...ADVICE_SERVICES.filter(used)];
}

const breachKey = (b: { pathway: string; kind: string; service: string | null }) => `${b.pathway}|${b.kind}|${b.service ?? ''}`;

function breachFigures(current: BreachList[], previous: BreachFigure[] | null | undefined): BreachFigure[] {
  const before = new Map((previous ?? []).map((b) => [breachKey(b), b.count]));
  return current
    .filter((b) => b.caseRefs.length > 0)
    .map((b) => {
      const caseRefs = [...new Set(b.caseRefs)].sort();
      const lastWeek = previous ? (before.get(breachKey(b)) ?? 0) : null;
      return {
        pathway: b.pathway,
        kind: b.kind,
        service: b.service,
        label: breachLabel(b.pathway, b.kind, b.service),
        count: caseRefs.length,
        lastWeek,
        change: lastWeek === null ? null : caseRefs.length - lastWeek,
        caseRefs,
      };
    })
    .sort((x, y) => (breachKey(x) < breachKey(y) ? -1 : 1));
}

function twentyWeeks(asOf: IsoDate, m: LaMeasures | null): TwentyWeeks {
  const rate = (v: Share | undefined): TwentyWeekRate | null => (v ? { percent: v.percent, count: v.count, of: v.of } : null);
  return { asOf, including: rate(m?.ehc.ehc?.within20Weeks.including), excluding: rate(m?.ehc.ehc?.within20Weeks.excluding) };
}

function targetFigures(now: TargetLine[], before: TargetLine[] = []): TargetFigure[] {
  const last = new Map(before.map((t) => [t.name, t]));
  return now.map((t) => {
    const prev = last.get(t.name);
    const lastWeekActual = prev?.actual ?? null;
    return {
      name: t.name,
      pathway: t.pathway,
      measure: t.measure,
      threshold: t.threshold,
      expected: t.expected,
      actual: t.actual,
      status: t.status,
      ...(t.deadline ? { deadline: t.deadline } : {}),
      ...(t.comparator ? { comparator: t.comparator } : {}),
      lastWeekActual,
      lastWeekStatus: prev?.status ?? null,
      change: t.actual === null || lastWeekActual === null ? null : round1(t.actual - lastWeekActual),
    };
  });
}

export function buildWeeklyFigures(input: WeeklyInput): WeeklyFigures {
  const now = laWide(input.thisWeek);
  const before = laWide(input.lastWeek);
  const build = (specs: FigureSpec[]) => specs.map((s) => figure(s, now, before));
  return {
    la: input.la,
    week: input.week,
    weekStart: input.weekStart,
    lastWeekStart: input.lastWeekStart,
    snapshots: { thisWeek: now !== null, lastWeek: before !== null },
    sections: [
      { key: 'ehc', title: 'EHC plans: 20-week timeliness (12 months to date)', figures: build(EHC) },
      { key: 'open', title: 'Open EHC needs assessments', figures: build(OPEN) },
      {
        key: 'advice',
        title: 'Advice returned within 6 weeks, by service (12 months to date)',
        figures: build(adviceServices(now, before).flatMap(adviceSpecs)),
      },
      { key: 'reviews', title: 'Annual reviews (12 months to date)', figures: build(REVIEWS) },
      {
        key: 'waits',
        title: 'Waiting lists',
        figures: build([...waitSpecs('slt', 'Speech and language therapy'), ...waitSpecs('neurodevelopmental', 'Neurodevelopmental')]),
      },
      ...(records(now, 'senSupport') || records(before, 'senSupport')
        ? [{ key: 'senSupport' as const, title: 'SEN support in schools', figures: build(SEN_SUPPORT) }]
        : []),
      ...(records(now, 'alternativeProvision') || records(before, 'alternativeProvision')
        ? [{ key: 'alternativeProvision' as const, title: 'Alternative provision', figures: build(ALTERNATIVE_PROVISION) }]
        : []),
    ],
    targets: targetFigures(input.targets, input.lastWeekTargets),
    breaches: breachFigures(input.breaches, input.lastWeekBreaches),
    headline: {
      thisYear: twentyWeeks(input.weekStart, now),
      lastYear: twentyWeeks(input.yearAgoStart ?? addDays(input.weekStart, -364), input.yearAgo ? laWide(input.yearAgo) : null),
      england: input.england ?? null,
    },
    overdueCases: input.overdueCases ?? [],
    ...(input.forecast ? { forecast: input.forecast } : {}),
    ...rulesChange(input.thisWeek, input.lastWeek),
  };
}

/** The rules each Monday's LA-wide figures were computed with, when they differ. */
function rulesChange(thisWeek: SnapshotRow[], lastWeek: SnapshotRow[]): Pick<WeeklyFigures, 'rulesChanged'> {
  const version = (rows: SnapshotRow[]) => rows.find((r) => r.needCode === 'all')?.measures.rulesVersion;
  const now = version(thisWeek);
  if (!now || !lastWeek.some((r) => r.needCode === 'all')) return {};
  const before = version(lastWeek) ?? null;
  return before === now ? {} : { rulesChanged: { lastWeek: before, thisWeek: now } };
}
