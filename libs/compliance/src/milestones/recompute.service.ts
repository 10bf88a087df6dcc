import { setImmediate } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { RULES_TABLE } from '@app/config';
import { type CaseRecord, EventReader, type LoadedCase } from '@app/database';
import { evaluateCase, nextChangeOn, rulesVersion, type CaseEvaluation, type RulesTable, type StageDistributions } from '@app/rules';
import { LaBreachPass, verdictsTurned } from '../forecasts/nightly-breach';
import { StageDistributionsRepository } from '../forecasts/stage-distributions.repository';
import { OpenCountsRepository } from '../reports/open-counts.repository';
import { WaitingListCountsRepository } from '../reports/waiting-list-counts.repository';
import { SnapshotAccumulator } from '../snapshots/snapshot-accumulator';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import { StoredMeasures } from '../snapshots/stored-measures';
import type { StaffDirectory } from '../staff/staff-directory';
import { StaffRepository } from '../staff/staff.repository';
import { caseOutcome, withStored, type CaseOutcome } from './case-outcome';
import { MilestonesRepository, type WriteResult } from './milestones.repository';
import { OrderedWrites } from './ordered-writes';
import { PassStateRepository, type PassState } from './pass-state.repository';

export interface RecomputeTotals extends Omit<WriteResult, 'days'> {
  evaluated: number;
  unchanged: number;
}

/** An ingest's recompute: besides the totals, how many EHC assessments it wrote (the LA's forecasts read only those). */
export interface CasesRecomputed extends RecomputeTotals {
  ehcAssessmentsWritten: number;
}

export interface PassProgress extends RecomputeTotals {
  /** The last case done. */
  after: [string, string];
  /**
   * Where a pass taken over after a crash or a shutdown starts again: just before the LA in hand,
   * so that LA's snapshot is built from all its cases (the ones already written are unchanged).
   */
  resumeFrom: [string, string];
  snapshots: number;
  /** LAs re-evaluated in full (first pass, new rules or staff) and LAs whose due cases alone were. */
  lasInFull: number;
  lasByChange: number;
  /** Followed cases evaluated because their at_risk verdict turned with the durations (verdictsTurned). */
  verdictsTurned: number;
  /** Time spent on the LAs' measures (counted, or taken from the cases measured) and on storing them with the open counts. */
  measuresMs: number;
  storeMs: number;
  /** Stopped early by the signal, between two chunks; `resumeFrom` says where to go on. */
  stopped?: boolean;
}

export interface PassOptions {
  chunkSize?: number;
  writesInFlight?: number;
  /** Where a pass stopped before goes on: after this LA (`resumeFrom`). */
  after?: [string, string];
  onlyLa?: string;
  /** Every case of every LA in full, whatever the LAs' last passes ran with (`cli recompute --all`). */
  all?: boolean;
  onProgress?: (p: PassProgress) => Promise<void>;
  signal?: AbortSignal;
}

/**
 * Writes in flight by default, in a full pass and by change alike. By change, an LA is one small
 * chunk and its measures are PostgreSQL's counting: four in flight let two LAs be counted side by
 * side, on a second core, while the next is evaluated. In a full pass the fourth keeps PostgreSQL
 * busy while an LA's measures hold a slot: a backfill at 1,000,000 cases, in alternation, took
 * 61.5 to 62.6 s with four (five runs), 61.4 to 63.7 s with three (four), 65.1 s with two, and
 * no less with five or six; peak RSS 380-405 MB against 380-390 with three. A small gain.
 */
const WRITES_IN_FLIGHT = 4;

/** A chunk of cases, in key order, with the fingerprints of their stored evaluations (absent: never evaluated). */
interface Chunk {
  cases: Pick<CaseRecord, 'caseRef' | 'pathway'>[];
  fingerprints: Map<string, string>;
  /** Hands each case with its events to `each`, with looks at PostgreSQL's answers between. */
  each(each: (c: LoadedCase) => void): Promise<void>;
}

/** One LA of a pass: its staff, and whether every case is re-evaluated or only the due ones. */
interface LaPlan {
  la: string;
  staff: StaffDirectory;
  full: boolean;
  /** By change: cases changed since (the last pass's start, less a margin) are looked at for unread events. */
  changedSince: Date | null;
}

interface Piece extends Chunk {
  plan: LaPlan;
  /** The LA's stage durations as of its last pass: its cases are forecast from them. */
  stored: StageDistributions | null;
}

/** The LA the pass is in: its forecasts and, in full, its measures fed case by case. */
interface LaInHand {
  plan: LaPlan;
  startedAt: Date;
  breach: LaBreachPass;
  acc?: SnapshotAccumulator;
  /**
   * The LA's writes started so far: its measures are counted once all have committed, and its day
   * counts re-counted on the days they touched (WriteResult.days), read from the writes themselves:
   * the writes' ordered `then`s may still wait behind an earlier LA's measures.
   */
  writes: Promise<WriteResult>[];
}

/** A referral on a waiting list the stored waiting list counts add up. */
const onWaitingList = (o: CaseOutcome) => o.evaluation.pathway === 'slt' || o.evaluation.pathway === 'neurodevelopmental';

const isEhcAssessment = (o: CaseOutcome) => o.evaluation.pathway === 'ehc_assessment';

/**
 * Cases evaluated between looks at PostgreSQL's answers (a few milliseconds). A chunk evaluated in
 * one go (2,000 cases, 100-200 ms) left the chunks' COPYs unsent and the next chunk's events unread
 * meanwhile: in a backfill at 1,000,000 cases node then used 0.75 of a core and PostgreSQL one,
 * 15% of the two cores idle; with a look every 50 cases the backfill took 59.8-63.0 s against 64.4-66.7 s
 * (every 25: 59.2, 60.8 s; every 100: 61.7, 62.2 s; every 200: 65.6 s).
 */
const EVALUATE_SLICE = 50;

/** Cases read, handed over EVALUATE_SLICE at a time, each made ready by `load` as it is handed over. */
function handedOver<C>(cases: C[], load: (c: C) => LoadedCase): Chunk['each'] {
  return async (each) => {
    for (let i = 0; i < cases.length; i++) {
      if (i > 0 && i % EVALUATE_SLICE === 0) await setImmediate();
      each(load(cases[i]));
    }
  };
}

/** A pass that wrote this many cases vacuums and analyzes what it wrote (MilestonesRepository.vacuumAnalyze). */
const VACUUM_AFTER_CASES = 50_000;

/** Events committed by a transaction that began before the last pass started are still looked at. */
const EVENTS_MARGIN_MS = 60 * 60 * 1000;

const zero = (): RecomputeTotals => ({ evaluated: 0, unchanged: 0, cases: 0, milestones: 0, alertsRaised: 0, alertsCleared: 0 });

function addTotals(t: RecomputeTotals, w: WriteResult): void {
  t.cases += w.cases;
  t.milestones += w.milestones;
  t.alertsRaised += w.alertsRaised;
  t.alertsCleared += w.alertsCleared;
}

/** Evaluates cases with libs/rules and stores what changed: milestones and alerts together. */
@Injectable()
export class RecomputeService {
  private readonly logger = new Logger(RecomputeService.name);

  constructor(
    private readonly reader: EventReader,
    private readonly milestones: MilestonesRepository,
    private readonly staff: StaffRepository,
    private readonly snapshots: SnapshotsRepository,
    private readonly distributions: StageDistributionsRepository,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
    private readonly openCounts: OpenCountsRepository,
    private readonly passState: PassStateRepository,
    private readonly storedMeasures: StoredMeasures,
    private readonly waitingLists: WaitingListCountsRepository,
  ) {}

  /**
   * The cases an ingest batch touched (a job from the recompute outbox). `onWritten` runs once the
   * milestones and alerts are committed (the worker wakes its alert relay there), before the LA's
   * stored open assessment counts are refreshed.
   */
  async recomputeCases(
    la: string,
    caseRefs: string[],
    asOf: string,
    onWritten?: (totals: RecomputeTotals) => void,
  ): Promise<CasesRecomputed> {
    const chunk = await this.chunkOf(await this.reader.loadCases(la, caseRefs), (c) => c);
    const totals = zero();
    // The stored stage durations are read only when the batch holds an EHC assessment to forecast.
    const ehc = chunk.cases.some((c) => c.pathway === 'ehc_assessment');
    const breach = new LaBreachPass(asOf, ehc ? await this.distributions.latest(la) : null, this.rules);
    // Whether the LA's pass as of asOf has run, read beside the staff (not one more round trip after
    // the write); read before it, a pass finishing meanwhile is missed, which only keeps less.
    const [directory, passRun] = await Promise.all([this.staff.directory(la), this.passRun(la, asOf)]);
    const outcomes = await this.outcomesOf(chunk, asOf, directory, breach, totals);
    const written = await this.milestones.write(la, asOf, outcomes);
    addTotals(totals, written);
    onWritten?.(totals);
    if (totals.cases > 0) await this.refreshOpenCounts(la, asOf, written.days, passRun);
    if (totals.cases > 0 && outcomes.some(onWaitingList)) await this.waitingLists.refresh(la, asOf);
    return { ...totals, ehcAssessmentsWritten: outcomes.filter(isEhcAssessment).length };
  }

  /**
   * Re-counts one LA's open assessments as of `asOf` from its stored milestones (after they
   * changed), and its day counts of review and EHC steps: every day (`days` null), or the days
   * its writes touched. `passRun`: the LA's nightly pass as of `asOf` has run (or this is its own
   * refresh, after its every write), so each case whose day had come was evaluated as of then and
   * the count may be kept for later asks of that date.
   */
  async refreshOpenCounts(la: string, asOf: string, days: string[] | null = null, passRun = false): Promise<void> {
    await this.openCounts.refresh(la, asOf, 7 * this.rules.measures.openDueWithinWeeks, days, passRun);
  }

  /** Whether the LA's nightly pass as of `asOf` (or a later date) has run. */
  private async passRun(la: string, asOf: string): Promise<boolean> {
    const state = await this.passState.of(la);
    return state !== null && state.asOf >= asOf;
  }

  /**
   * The nightly pass as of `asOf`, LA by LA. An LA whose last pass ran with the same rules table
   * and staff, on or before `asOf`, has only its due cases re-evaluated (those whose stored
   * `changes_on` has come, with events not yet evaluated, or whose at_risk verdict turned with the
   * stage durations: verdictsTurned) and its snapshot and stage durations
   * built from what is stored; any other LA (a first pass, new rules or staff, a date gone back to,
   * or `all`) is re-evaluated in full, every case streamed and measured. Three things overlap: the
   * next chunk is read while this one is evaluated, and up to `writesInFlight` (by default
   * `WRITES_IN_FLIGHT`) evaluated chunks or LAs' measures are being written, each in its own
   * transaction, on its own connection. `onProgress` gets a resumable position once a chunk and
   * every chunk before it are committed; once `signal` is aborted the pass stops after the chunks in
   * hand and returns with `stopped`.
   */
  async recomputeAll(asOf: string, options: PassOptions = {}): Promise<PassProgress> {
    const start = options.after ?? ['', ''];
    const plans = await this.plan(asOf, start, options);
    const progress: PassProgress = {
      ...zero(),
      after: start,
      resumeFrom: start,
      snapshots: 0,
      lasInFull: 0,
      lasByChange: 0,
      verdictsTurned: 0,
      measuresMs: 0,
      storeMs: 0,
    };
    const chunks = this.pieces(asOf, plans, options.chunkSize ?? 2000, progress);
    const writes = new OrderedWrites(Math.max(1, options.writesInFlight ?? WRITES_IN_FLIGHT));
    // The prefetched read can fail while the pass awaits something else (a write, the staff, the
    // database gone): Node would take that for an unhandled rejection and end the worker. Marked
    // handled when it starts; it is still awaited in turn, and its error thrown from there.
    const prefetch = () => {
      const read = chunks.next();
      read.catch(() => undefined);
      return read;
    };
    let la: LaInHand | null = null;
    let next = prefetch();
    for (;;) {
      if (options.signal?.aborted) {
        await writes.settle();
        await next.catch(() => undefined); // the prefetched chunk is dropped: resumeFrom comes before it
        await chunks.return(undefined);
        this.logger.log({ msg: 'recompute pass stopped early', asOf, resumeFrom: progress.resumeFrom });
        return { ...progress, stopped: true };
      }
      const { value: piece, done } = await next;
      if (done) break;
      next = prefetch(); // while this chunk is evaluated
      if (piece.plan !== la?.plan) {
        if (la !== null) await this.finishLa(la, asOf, writes, progress);
        la = this.beginLa(piece.plan, asOf, piece.stored);
      }
      const { plan, breach, acc } = la;
      const outcomes = await this.outcomesOf(piece, asOf, plan.staff, breach, progress, acc);
      if (!piece.cases.length) continue;
      const last: [string, string] = [plan.la, piece.cases[piece.cases.length - 1].caseRef];
      const started = la.writes;
      await writes.add(
        () => {
          const write = this.milestones.write(plan.la, asOf, outcomes, plan.full);
          started.push(write);
          return write;
        },
        async (w) => {
          addTotals(progress, w);
          progress.after = last;
          if (options.onProgress) await options.onProgress(progress);
        },
      );
    }
    if (la !== null) await this.finishLa(la, asOf, writes, progress);
    await writes.settle();
    if (progress.cases >= VACUUM_AFTER_CASES) await this.milestones.vacuumAnalyze();
    this.logger.log({
      msg: 'recompute pass done',
      asOf,
      evaluated: progress.evaluated,
      written: progress.cases,
      lasInFull: progress.lasInFull,
      lasByChange: progress.lasByChange,
      verdictsTurned: progress.verdictsTurned,
      measuresMs: progress.measuresMs,
      storeMs: progress.storeMs,
    });
    return progress;
  }

  /** The LAs still to do after `start`, each with its staff and whether it is re-evaluated in full. */
  private async plan(asOf: string, start: [string, string], options: PassOptions): Promise<LaPlan[]> {
    const las = options.onlyLa ? [options.onlyLa] : await this.reader.laCodesWithCases();
    const states = options.all ? new Map<string, PassState>() : await this.passState.all();
    const rules = rulesVersion(this.rules);
    const plans: LaPlan[] = [];
    for (const la of las) {
      if (la <= start[0]) continue; // done before a crash or a shutdown (resumeFrom ends an LA)
      const staff = await this.staff.directory(la);
      const last = states.get(la);
      const byChange = last !== undefined && last.rulesVersion === rules && last.staffVersion === staff.version() && last.asOf <= asOf;
      plans.push({ la, staff, full: !byChange, changedSince: last ? new Date(last.startedAt.getTime() - EVENTS_MARGIN_MS) : null });
    }
    return plans;
  }

  /**
   * Each LA's chunks with their stored fingerprints, read inside the prefetch so the read overlaps
   * evaluation: every case of an LA in full; otherwise its due cases and the followed cases whose
   * at_risk verdict turned with the durations. Every LA yields at least one chunk (empty when
   * nothing is due), so the pass finishes each LA's snapshot.
   */
  private async *pieces(asOf: string, plans: LaPlan[], chunkSize: number, progress: PassProgress): AsyncGenerator<Piece> {
    for (const plan of plans) {
      let any = false;
      const stored = await this.distributions.latest(plan.la);
      if (plan.full) {
        for await (const cases of this.reader.caseChunks(chunkSize, [plan.la, ''], plan.la)) {
          any = true;
          // Read ahead as text: each case's events are parsed as it is evaluated, and let go.
          const texts = await this.reader.eventTexts(cases);
          yield { plan, stored, ...(await this.chunkOf(cases, (c) => this.reader.withEvents(c, texts.get(c.caseRef)))) };
        }
      } else {
        const due = await this.milestones.dueCases(plan.la, asOf, plan.changedSince!);
        const turned = verdictsTurned(await this.milestones.followedCases(plan.la), asOf, stored, this.rules);
        progress.verdictsTurned += turned.length;
        const refs = turned.length ? [...new Set([...due, ...turned])].sort() : due;
        for (let i = 0; i < refs.length; i += chunkSize) {
          any = true;
          yield {
            plan,
            stored,
            ...(await this.chunkOf(await this.reader.loadCases(plan.la, refs.slice(i, i + chunkSize)), (c) => c)),
          };
        }
      }
      if (!any) yield { plan, stored, cases: [], fingerprints: new Map(), each: async () => undefined };
    }
  }

  private beginLa(plan: LaPlan, asOf: string, stored: StageDistributions | null): LaInHand {
    return {
      plan,
      startedAt: new Date(),
      breach: new LaBreachPass(asOf, stored, this.rules),
      acc: plan.full ? new SnapshotAccumulator(asOf, this.rules) : undefined,
      writes: [],
    };
  }

  /**
   * Once every chunk of the LA is committed: its snapshot and stage durations (from the cases
   * measured, or from what is stored), its open assessment counts, and what the pass ran with.
   * Queued with the writes: the next LA is read and evaluated meanwhile, and progress moves past
   * this LA only once it is done.
   */
  private async finishLa(la: LaInHand, asOf: string, writes: OrderedWrites, progress: PassProgress): Promise<void> {
    const code = la.plan.la;
    await writes.add(
      async () => {
        const touched = new Set((await Promise.all(la.writes)).flatMap((w) => w.days));
        // First: an LA by change adds its steps done in the period up from these day counts.
        const refreshed = Date.now();
        await this.refreshOpenCounts(code, asOf, la.plan.full ? null : [...touched], true);
        const started = Date.now();
        const { rows, distributions } = la.acc
          ? { rows: la.acc.takeLa(code), distributions: la.breach.distributions() }
          : await this.storedMeasures.of(code, asOf);
        const measured = Date.now();
        const state = {
          la: code,
          rulesVersion: rulesVersion(this.rules),
          staffVersion: la.plan.staff.version(),
          asOf,
          startedAt: la.startedAt,
        };
        await this.passState.recordWith(state, async (tx) => {
          await this.snapshots.write(code, asOf, rows, tx);
          await this.distributions.write(code, distributions, tx);
          await this.waitingLists.refresh(code, asOf, tx); // days waited grow with the date
        });
        return { snapshots: rows.length, measuresMs: measured - started, storeMs: Date.now() - measured + (started - refreshed) };
      },
      async (done) => {
        progress.measuresMs += done.measuresMs;
        progress.storeMs += done.storeMs;
        progress.snapshots += done.snapshots;
        if (la.plan.full) progress.lasInFull++;
        else progress.lasByChange++;
        progress.resumeFrom = [code, progress.after[0] === code ? progress.after[1] : ''];
      },
    );
  }

  /** A chunk of `cases` with their stored fingerprints, each case made ready for evaluation by `load` as it is handed over. */
  private async chunkOf<C extends CaseRecord | LoadedCase>(cases: C[], load: (c: C) => LoadedCase): Promise<Chunk> {
    const la = cases[0]?.la;
    return {
      cases,
      each: handedOver(cases, load),
      fingerprints: la
        ? await this.milestones.fingerprints(
            la,
            cases.map((c) => c.caseRef),
          )
        : new Map(),
    };
  }

  private async outcomesOf(
    chunk: Chunk,
    asOf: string,
    staff: StaffDirectory,
    breach: LaBreachPass,
    totals: RecomputeTotals,
    acc?: SnapshotAccumulator,
  ): Promise<CaseOutcome[]> {
    const out: CaseOutcome[] = [];
    await chunk.each((c) => {
      const evaluation: CaseEvaluation = evaluateCase(c.events, asOf, this.rules, { la: c.la, caseRef: c.caseRef, pathway: c.pathway });
      totals.evaluated++;
      acc?.add(evaluation);
      if (acc) breach.add(evaluation);
      const changesOn = nextChangeOn(c.events, evaluation, this.rules);
      const outcome = withStored(
        caseOutcome(evaluation, c.eventCount, staff, this.rules, breach.forecast(evaluation), changesOn, breach.followed(evaluation)),
        chunk.fingerprints.get(c.caseRef),
      );
      if (outcome === null) totals.unchanged++;
      else out.push(outcome);
    });
    return out;
  }
}
