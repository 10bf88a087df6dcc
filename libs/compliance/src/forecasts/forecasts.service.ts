import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock, RULES_TABLE } from '@app/config';
import { EventReader } from '@app/database';
import {
  addDays,
  buildStageDistributions,
  emptyWeeks,
  evaluateCase,
  forecastAssessment,
  isProblem,
  PROJECTABLE_MEASURES,
  projectList,
  projectYear20Weeks,
  queueMeasures,
  rankByRisk,
  rulesVersion,
  toDay,
  type CaseEvaluation,
  type ForecastProblem,
  type ProjectableMeasure,
  type IsoDate,
  type ListHistory,
  type Projection,
  type RulesTable,
  type StageDistributions,
  type WeeklyFlow,
} from '@app/rules';
import type { SummaryForecast, TargetAtRisk } from '../summaries/weekly-figures';
import { TargetsService } from '../targets/targets.service';
import { answerInWords, problemInWords } from './forecast-answer';
import { ForecastInputError } from './forecast-errors';
import type {
  AtRiskAssessment,
  CapacityQuery,
  CapacityReport,
  EhcForecastQuery,
  EhcForecastReport,
  ListPathway,
  NotEnoughData,
  ProjectionQuery,
  ProjectionReport,
  ProjectionTarget,
  TargetChoice,
} from './forecast-types';
import { EhcEvaluationsFromStore, type StandingReads } from './ehc-evaluations-from-store';
import { ForecastsRepository } from './forecasts.repository';
import { StageDistributionsRepository } from './stage-distributions.repository';
import { publishedBefore } from './published-twenty-weeks';
import { ResultCache } from './result-cache';
import { KeptForecastsRepository, type KeptKind } from './kept-forecasts.repository';

const MAX_WINDOW_WEEKS = 260;
const isProjectable = (m: string): m is ProjectableMeasure => (PROJECTABLE_MEASURES as readonly string[]).includes(m);
/** The comparator a target given in the query takes when none is named: shares are at least, the rest at most. */
const defaultComparator = (measure: string): 'lte' | 'gte' => (measure === 'waiting_within_target_pct' ? 'gte' : 'lte');

/** A costly answer: what it is, the key it is kept under (null: not kept), and how to make it. */
interface Keepable<T> {
  kind: KeptKind;
  key: string | null;
  make: () => Promise<T>;
}

const notEnough = (p: ForecastProblem): NotEnoughData | null =>
  p.kind === 'not_enough_data' ? { field: p.field, have: p.have, need: p.need, unit: p.unit, why: p.why } : null;

/** EHC assessments read per statement for a forecast: small enough that reading and evaluating overlap. */
const EHC_CHUNK = 200;

/**
 * Where each list and the EHC pipeline are heading: reads the stored evaluations (and, for EHC,
 * the events of the assessments whose stored evaluation no longer stands), calls the pure
 * libs/rules forecasts. The costly answers (a projection's simulation, an LA's EHC forecast) are
 * cached by a hash of everything they were made from, so a cached answer is never stale.
 */
@Injectable()
export class ForecastsService {
  private readonly projections = new ResultCache<Projection | ForecastProblem>(200);
  private readonly ehc = new ResultCache<EhcForecastReport>(8);
  private readonly atRiskLists = new ResultCache<AtRiskAssessment[]>(200);
  /** In every key: an answer kept by a worker with another rules table is not this one's. */
  private readonly rulesVersion: string;

  constructor(
    private readonly repo: ForecastsRepository,
    private readonly stored: StageDistributionsRepository,
    private readonly reader: EventReader,
    private readonly fromStore: EhcEvaluationsFromStore,
    private readonly targets: TargetsService,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
    private readonly clock: Clock,
    private readonly kept: KeptForecastsRepository,
  ) {
    this.rulesVersion = rulesVersion(rules);
  }

  /** The list's weekly demand and capacity, its queueing measures, and the capacity each of its targets needs. */
  async capacity(q: CapacityQuery): Promise<CapacityReport> {
    const asOf = q.asOf ?? this.clock.todayInLondon();
    const windowWeeks = this.windowOf(q.windowWeeks);
    const history = await this.history(q.la, q.pathway, asOf, windowWeeks);
    const targetWeeks = this.targetWeeksOf(q.pathway);
    const m = queueMeasures({ ...history, targetWeeks }, this.rules);
    const stored = (await this.targets.list(q.la, q.pathway)).filter((t) => isProjectable(t.measure));
    const targets = stored.map((t) => {
      const r = queueMeasures({ ...history, targetWeeks, deadline: t.deadline }, this.rules);
      return {
        targetId: t.id,
        name: t.name,
        measure: t.measure,
        threshold: t.threshold,
        comparator: t.comparator,
        deadline: t.deadline,
        relief: isProblem(r) ? null : r.relief,
        why: isProblem(r) ? problemInWords(r) : null,
      };
    });
    return {
      la: q.la,
      pathway: q.pathway,
      asOf,
      windowWeeks,
      flows: history.flows,
      measures: isProblem(m) ? null : m,
      notEnoughData: isProblem(m) ? notEnough(m) : null,
      targets,
    };
  }

  /** The list projected to the target's deadline, with the answer in words and any what-if. */
  async projection(q: ProjectionQuery): Promise<ProjectionReport> {
    const asOf = q.asOf ?? this.clock.todayInLondon();
    const windowWeeks = this.windowOf(q.windowWeeks);
    const target = await this.targetOf(q.la, q.pathway, q.target);
    const capacityChange = q.capacityChange ?? 0;
    const capacityFrom = capacityChange !== 0 ? (q.capacityFrom ?? addDays(asOf, 1)) : null;
    const demandChange = q.demandChange ?? 0;
    const history = await this.history(q.la, q.pathway, asOf, windowWeeks);
    const input = {
      ...history,
      targetWeeks: this.targetWeeksOf(q.pathway),
      target,
      whatIf: {
        ...(capacityFrom !== null ? { capacityChange: { perWeek: capacityChange, from: capacityFrom } } : {}),
        demandChangePercent: demandChange,
      },
    };
    const p = this.projections.get(hashOf(input), () => projectList(input, this.rules));
    if (isProblem(p) && p.kind === 'invalid') throw new ForecastInputError(queryField(p.field, q.target), p.why);
    const whatIf = { capacityChange, capacityFrom, demandChange };
    if (isProblem(p)) {
      return {
        la: q.la,
        pathway: q.pathway,
        asOf,
        windowWeeks,
        target,
        whatIf,
        projection: null,
        notEnoughData: notEnough(p),
        answer: problemInWords(p),
        capacityNeeded: null,
      };
    }
    const extra = p.answer.status === 'not_met' ? p.answer.extraPerWeek : 0;
    return {
      la: q.la,
      pathway: q.pathway,
      asOf,
      windowWeeks,
      target,
      whatIf,
      projection: p,
      notEnoughData: null,
      answer: answerInWords(p),
      capacityNeeded: extra === null ? null : p.projectedCapacity.after + extra,
    };
  }

  /** The calendar year's projected 20-week figure beside last published, and each open assessment's chance of missing 20 weeks. */
  async ehcForecast(q: EhcForecastQuery): Promise<EhcForecastReport> {
    const answer = await this.ehcForecastAnswer(q);
    // The whole answer is kept: the stage durations, each open assessment's forecast and the year's
    // simulation took a large county over 100 ms again on every ask.
    return this.ehc.getAsync(answer.key, () => this.keptOr(q.la, answer.kind, answer.key, answer.make));
  }

  /**
   * Made and kept for the day (by the worker, after the LA's nightly pass): the LA's EHC forecast for
   * the year of asOf and its caseworkers' at-risk list, each unless already kept under the same key.
   * A caseworker's or commissioner's first ask of the day is then a read. Returns what it made.
   */
  async keepForDay(la: string, asOf: IsoDate): Promise<KeptKind[]> {
    // One read of the LA's standing evaluations for both (the forecast's, since earlier, holds the list's).
    const reads = this.fromStore.standingReads(la, asOf);
    const answers: Keepable<unknown>[] = [
      await this.ehcForecastAnswer({ la, year: Number(asOf.slice(0, 4)), asOf }, reads),
      await this.atRiskAnswer(la, asOf, reads),
    ];
    const made: KeptKind[] = [];
    for (const a of answers) {
      if (a.key === null || (await this.kept.holds(la, a.kind, a.key))) continue;
      await this.kept.put(la, a.kind, a.key, await a.make());
      made.push(a.kind);
    }
    return made;
  }

  /** keepForDay for every LA with cases, LA by LA (the worker's 'forecasts' job after the pass); `onLa` after each. */
  async keepAllForDay(asOf: IsoDate, onLa?: (done: number, of: number) => Promise<void>): Promise<{ las: number; made: number }> {
    const las = await this.reader.laCodesWithCases();
    let made = 0;
    for (const [n, la] of las.entries()) {
      made += (await this.keepForDay(la, asOf)).length;
      await onLa?.(n + 1, las.length);
    }
    return { las: las.length, made };
  }

  /** The EHC forecast's key (all it is made from) and how to make it. */
  private async ehcForecastAnswer(q: EhcForecastQuery, reads?: StandingReads): Promise<Keepable<EhcForecastReport> & { key: string }> {
    const asOf = q.asOf ?? this.clock.todayInLondon();
    const standing = reads ?? this.fromStore.standingReads(q.la, asOf);
    const thisYear = Number(asOf.slice(0, 4));
    if (q.year < thisYear - 1 || q.year > thisYear + 1) {
      throw new ForecastInputError('year', `must be from ${thisYear - 1} to ${thisYear + 1} (the forecast is made as of ${asOf})`);
    }
    const { since, refs } = await this.ehcCases(q.la, asOf, q.year);
    const make = async (): Promise<EhcForecastReport> => {
      const evaluations = await this.evaluations(
        q.la,
        asOf,
        since,
        refs.map((r) => r.caseRef),
        standing,
      );
      const d = buildStageDistributions(evaluations, asOf, this.rules);
      const forecasts = evaluations.filter((e) => e.status === 'open').map((e) => ({ e, f: forecastAssessment(e, d, this.rules) }));
      const assessments = rankByRisk(forecasts.map((x) => x.f));
      return {
        la: q.la,
        year: q.year,
        asOf,
        projection: projectYear20Weeks(evaluations, q.year, d, this.rules),
        published: publishedBefore(q.la, q.year),
        assessments,
        atRisk: assessments.filter((a) => a.atRisk).length,
        notForecast: forecasts.flatMap(({ e, f }) =>
          isProblem(f) && f.kind === 'not_enough_data' ? [{ caseRef: e.caseRef, why: f.why }] : [],
        ),
      };
    };
    const key = hashOf({ la: q.la, asOf, year: q.year, refs, rules: this.rulesVersion });
    return { kind: `ehc-forecast:${q.year}`, key, make };
  }

  /** What the worker kept under the answer's key, or the answer made now. */
  private async keptOr<T>(la: string, kind: KeptKind, key: string, make: () => Promise<T>): Promise<T> {
    return (await this.kept.find<T>(la, kind, key)) ?? make();
  }

  /**
   * What the leaders' weekly summary says of where things are heading, as of its Monday: the
   * year's projected 20-week figure beside the LA's last published one, and each waiting-list
   * target with a deadline ahead that the projection says will not be met.
   */
  async weekly(la: string, asOf: IsoDate): Promise<SummaryForecast> {
    const year = Number(asOf.slice(0, 4));
    const ehc = await this.ehcForecast({ la, year, asOf });
    const targetsAtRisk: TargetAtRisk[] = [];
    for (const t of await this.targets.list(la)) {
      if ((t.pathway !== 'slt' && t.pathway !== 'neurodevelopmental') || !isProjectable(t.measure) || t.deadline <= asOf) continue;
      const r = await this.projection({ la, pathway: t.pathway, target: { id: t.id }, asOf }).catch((e: unknown) => {
        if (e instanceof ForecastInputError) return null;
        throw e;
      });
      if (r?.projection?.answer.status === 'not_met') {
        targetsAtRisk.push({ pathway: t.pathway, measure: t.measure, deadline: t.deadline, answer: r.answer });
      }
    }
    const p = ehc.projection;
    return {
      year,
      asOf,
      including: { percent: p.including.percent, low: p.including.low, high: p.including.high },
      excluding: { percent: p.excluding.percent, low: p.excluding.low, high: p.excluding.high },
      intervalPercent: this.rules.forecast.yearIntervalPercent,
      published: ehc.published
        ? { year: ehc.published.year, including: ehc.published.including, excluding: ehc.published.excluding }
        : null,
      targetsAtRisk,
    };
  }

  /**
   * The LA's open assessments at risk of missing 20 weeks on asOf, most at risk first, from the
   * stage durations the nightly pass stored (built now when it has not run yet).
   */
  async atRisk(la: string, asOf?: IsoDate): Promise<AtRiskAssessment[]> {
    const { kind, key, make } = await this.atRiskAnswer(la, asOf ?? this.clock.todayInLondon());
    return key === null ? make() : this.atRiskLists.getAsync(key, () => this.keptOr(la, kind, key, make));
  }

  /** The at-risk list's key and how to make it; no key when it is not to be kept. */
  private async atRiskAnswer(la: string, day: IsoDate, reads?: StandingReads): Promise<Keepable<AtRiskAssessment[]>> {
    const standing = reads ?? this.fromStore.standingReads(la, day);
    const open = await this.repo.openEhcCases(la, day);
    if (!open.length) return { kind: 'at-risk', key: null, make: async () => [] };
    const stored = await this.stored.latest(la);
    const list = async (d: StageDistributions) => {
      const held = new Map(open.map((o) => [o.caseRef, o]));
      const evaluations = await this.evaluations(
        la,
        day,
        day,
        open.map((o) => o.caseRef),
        standing,
      );
      return rankByRisk(evaluations.map((e) => forecastAssessment(e, d, this.rules)))
        .filter((f) => f.atRisk)
        .map((f) => ({ ...f, assigneeRef: held.get(f.caseRef)?.assigneeRef ?? null, team: held.get(f.caseRef)?.team ?? '' }));
    };
    // Kept by all it is made from (a caseworker's page asks on every view). Before a nightly pass has
    // stored the LA's durations they are built from its assessments open or ended since the stage
    // window, as the EHC forecast reads them, and the key holds those with their fingerprints too:
    // a 32,000-case LA's first day made the list on every view (0.8 s) when it was not kept.
    if (stored === null) {
      const built = await this.ehcCases(la, day, Number(day.slice(0, 4)));
      const key = hashOf({ la, day, open, built: built.refs, rules: this.rulesVersion });
      return { kind: 'at-risk', key, make: async () => list(await this.builtDistributions(la, day, built, standing)) };
    }
    return { kind: 'at-risk', key: hashOf({ la, day, open, stored, rules: this.rulesVersion }), make: () => list(stored) };
  }

  /** The LA's stage durations as of `day`, built from its evaluations `refs` (before a nightly pass has stored them). */
  private async builtDistributions(
    la: string,
    day: IsoDate,
    { since, refs }: Awaited<ReturnType<ForecastsService['ehcCases']>>,
    standing: StandingReads,
  ): Promise<StageDistributions> {
    const evaluations = await this.evaluations(
      la,
      day,
      since,
      refs.map((r) => r.caseRef),
      standing,
    );
    return buildStageDistributions(evaluations, day, this.rules);
  }

  /**
   * The LA's new EHC assessments a forecast as of asOf for `year` reads (ForecastsRepository.ehcCaseRefs):
   * open on asOf, or ended since the stage window's start or the year's, whichever is earlier.
   */
  private async ehcCases(la: string, asOf: IsoDate, year: number) {
    const stageFrom = addDays(asOf, 1 - 7 * this.rules.forecast.stageWindowWeeks);
    const yearFrom = `${year}-01-01`;
    const since = stageFrom < yearFrom ? stageFrom : yearFrom;
    return { since, refs: await this.repo.ehcCaseRefs(la, asOf, since) };
  }

  /**
   * The LA's EHC assessments `refs` (in case order; each open on asOf or ended since `since`)
   * evaluated as of asOf: those whose stored evaluation still stands from the store (today's, in
   * practice: a large county's 2,800 read from their 27,000 events and evaluated took 165 ms), the
   * rest from their events. In the order of `refs` whichever way each came: the stage durations
   * number the cases in it, and the year's simulation draws them so.
   */
  private async evaluations(la: string, asOf: IsoDate, since: IsoDate, refs: string[], reads: StandingReads): Promise<CaseEvaluation[]> {
    const standing = await reads(since);
    const toEvaluate = refs.filter((r) => !standing.has(r));
    const evaluated = new Map<string, CaseEvaluation>();
    // The next chunk's events are read while this one is evaluated (marked handled when it starts,
    // so a failed read while evaluating is not taken for an unhandled rejection; awaited in turn).
    const read = (i: number) => {
      const p = i < toEvaluate.length ? this.reader.loadCases(la, toEvaluate.slice(i, i + EHC_CHUNK), asOf) : null;
      p?.catch(() => undefined);
      return p;
    };
    let next = read(0);
    for (let i = 0; next; i += EHC_CHUNK) {
      const cases = await next;
      next = read(i + EHC_CHUNK);
      for (const c of cases) {
        evaluated.set(c.caseRef, evaluateCase(c.events, asOf, this.rules, { la: c.la, caseRef: c.caseRef, pathway: c.pathway }));
      }
    }
    return refs.flatMap((r) => {
      const e = standing.get(r) ?? evaluated.get(r);
      return e ? [e] : [];
    });
  }

  /** Weekly flows and who waits, as libs/rules ListHistoryAccumulator would give them (set-based). */
  private async history(la: string, pathway: ListPathway, asOf: IsoDate, windowWeeks: number): Promise<ListHistory> {
    const [counts, waitingDays] = await Promise.all([
      this.repo.flowCounts(la, pathway, asOf, windowWeeks),
      this.repo.waitingDays(la, pathway, asOf, this.rules.waits.dnaRestartsClock),
    ]);
    const weeks: WeeklyFlow[] = emptyWeeks(asOf, windowWeeks);
    for (const c of counts.weeks) Object.assign(weeks[c.week], { added: c.added, removed: c.removed });
    // Weeks before the list's first referral hold no data (libs/rules drops them too).
    const first = counts.firstReferral === null ? Infinity : toDay(counts.firstReferral);
    return { asOf, flows: weeks.filter((w) => toDay(w.from) >= first), waitingDays };
  }

  private windowOf(weeks: number | undefined): number {
    const w = weeks ?? this.rules.forecast.windowWeeks;
    if (!Number.isInteger(w) || w < 1 || w > MAX_WINDOW_WEEKS) {
      throw new ForecastInputError('window', `must be a whole number of weeks from 1 to ${MAX_WINDOW_WEEKS}`);
    }
    return w;
  }

  private targetWeeksOf(pathway: ListPathway): number {
    return pathway === 'slt' ? this.rules.waits.sltTargetWeeks : this.rules.waits.ndTargetWeeks;
  }

  /** A stored target of the list (by id), or one given in the query; the library checks its deadline. */
  private async targetOf(la: string, pathway: ListPathway, choice: TargetChoice): Promise<ProjectionTarget> {
    if ('id' in choice) {
      const t = await this.targets.get(la, choice.id);
      if (!t) throw new ForecastInputError('target', `${choice.id} is not a target of LA ${la}`);
      if (t.pathway !== pathway) throw new ForecastInputError('target', `${choice.id} is a ${t.pathway} target, not ${pathway}`);
      if (!isProjectable(t.measure))
        throw new ForecastInputError('target', `${choice.id} measures ${t.measure}, which a list projection cannot judge`);
      return { targetId: t.id, name: t.name, measure: t.measure, threshold: t.threshold, comparator: t.comparator, deadline: t.deadline };
    }
    return {
      targetId: null,
      name: null,
      measure: choice.measure as ProjectionTarget['measure'],
      threshold: choice.threshold,
      comparator: choice.comparator ?? defaultComparator(choice.measure),
      deadline: (choice.deadline ?? null) as IsoDate,
    };
  }
}

/** The query field a library problem is about (it names its own input's fields). */
function queryField(field: string, target: TargetChoice): string {
  if (field.startsWith('target.')) return 'id' in target ? 'target' : field.slice('target.'.length);
  if (field === 'capacityChange.from') return 'capacityFrom';
  if (field.startsWith('capacityChange')) return 'capacityChange';
  return field;
}

const hashOf = (v: unknown): string => createHash('sha256').update(JSON.stringify(v)).digest('base64');
