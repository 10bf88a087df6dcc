import { Inject, Injectable, Logger } from '@nestjs/common';
import { RULES_TABLE } from '@app/config';
import { EventReader, type LoadedCase } from '@app/database';
import { evaluateCase, type CaseEvaluation, type RulesTable } from '@app/rules';
import { LaBreachPass } from '../forecasts/nightly-breach';
import { StageDistributionsRepository } from '../forecasts/stage-distributions.repository';
import { OpenCountsRepository } from '../reports/open-counts.repository';
import { SnapshotAccumulator } from '../snapshots/snapshot-accumulator';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import type { StaffDirectory } from '../staff/staff-directory';
import { StaffRepository } from '../staff/staff.repository';
import { caseOutcome, type CaseOutcome } from './case-outcome';
import { MilestonesRepository, type WriteResult } from './milestones.repository';
import { OrderedWrites } from './ordered-writes';

export interface RecomputeTotals extends WriteResult {
  evaluated: number;
  unchanged: number;
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
  /** Stopped early by the signal, between two chunks; `resumeFrom` says where to go on. */
  stopped?: boolean;
}

/** A chunk of cases with the fingerprints of their stored evaluations (absent: never evaluated). */
interface Chunk {
  cases: LoadedCase[];
  fingerprints: Map<string, string>;
}

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
  ): Promise<RecomputeTotals> {
    const chunk = await this.withFingerprints(await this.reader.loadCases(la, caseRefs));
    const totals = zero();
    // The stored stage durations are read only when the batch holds an EHC assessment to forecast.
    const ehc = chunk.cases.some((c) => c.pathway === 'ehc_assessment');
    const breach = new LaBreachPass(asOf, ehc ? await this.distributions.latest(la) : null, this.rules);
    const outcomes = this.outcomesOf(chunk, asOf, await this.staff.directory(la), breach, totals);
    addTotals(totals, await this.milestones.write(la, asOf, outcomes));
    onWritten?.(totals);
    if (totals.cases > 0) await this.refreshOpenCounts(la, asOf);
    return totals;
  }

  /** Re-counts one LA's open assessments as of `asOf` from its stored milestones (after they changed). */
  async refreshOpenCounts(la: string, asOf: string): Promise<void> {
    await this.openCounts.refresh(la, asOf, 7 * this.rules.measures.openDueWithinWeeks);
  }

  /**
   * Every case as of `asOf`, streamed LA by LA in chunks: stores changed milestones and alerts, and
   * each LA's measure snapshot and EHC stage durations when its last chunk is done (open
   * assessments are forecast from the durations stored before, last night's). Three things overlap: the next chunk is
   * read while this one is evaluated, and up to `writesInFlight` evaluated chunks are being written
   * (each in its own transaction, on its own connection). `onProgress` gets a resumable position
   * once a chunk and every chunk before it are committed; once `signal` is aborted the pass stops
   * after the chunks in hand and returns with `stopped`.
   */
  async recomputeAll(
    asOf: string,
    options: {
      chunkSize?: number;
      writesInFlight?: number;
      after?: [string, string];
      onlyLa?: string;
      onProgress?: (p: PassProgress) => Promise<void>;
      signal?: AbortSignal;
    } = {},
  ): Promise<PassProgress> {
    const start = options.after ?? ['', ''];
    const chunks = this.fingerprinted(this.reader.streamAll(options.chunkSize ?? 2000, start, options.onlyLa));
    const acc = new SnapshotAccumulator(asOf, this.rules);
    const progress: PassProgress = { ...zero(), after: start, resumeFrom: start, snapshots: 0 };
    const writes = new OrderedWrites(Math.max(1, options.writesInFlight ?? 2));
    // The prefetched read can fail while the pass awaits something else (a write, the staff, the
    // database gone): Node would take that for an unhandled rejection and end the worker. Marked
    // handled when it starts; it is still awaited in turn, and its error thrown from there.
    const prefetch = () => {
      const read = chunks.next();
      read.catch(() => undefined);
      return read;
    };
    let staff: StaffDirectory | null = null;
    let breach: LaBreachPass | null = null;
    let currentLa: string | null = null;
    let next = prefetch();
    for (;;) {
      if (options.signal?.aborted) {
        await writes.settle();
        await next.catch(() => undefined); // the prefetched chunk is dropped: resumeFrom comes before it
        await chunks.return(undefined);
        this.logger.log({ msg: 'recompute pass stopped early', asOf, resumeFrom: progress.resumeFrom });
        return { ...progress, stopped: true };
      }
      const { value: chunk, done } = await next;
      if (done) break;
      next = prefetch(); // while this chunk is evaluated
      const la = chunk.cases[0].la;
      if (la !== currentLa) {
        if (currentLa !== null) {
          await writes.settle();
          progress.snapshots += await this.writeSnapshot(acc, currentLa, asOf);
          await this.distributions.write(currentLa, breach!.distributions());
          progress.resumeFrom = progress.after;
        }
        currentLa = la;
        staff = await this.staff.directory(la);
        breach = new LaBreachPass(asOf, await this.distributions.latest(la), this.rules);
      }
      const outcomes = this.outcomesOf(chunk, asOf, staff!, breach!, progress, acc);
      const last: [string, string] = [la, chunk.cases[chunk.cases.length - 1].caseRef];
      await writes.add(
        () => this.milestones.write(la, asOf, outcomes),
        async (w) => {
          addTotals(progress, w);
          progress.after = last;
          if (options.onProgress) await options.onProgress(progress);
        },
      );
    }
    await writes.settle();
    if (currentLa !== null) {
      progress.snapshots += await this.writeSnapshot(acc, currentLa, asOf);
      await this.distributions.write(currentLa, breach!.distributions());
    }
    this.logger.log({ msg: 'recompute pass done', asOf, evaluated: progress.evaluated, written: progress.cases });
    return progress;
  }

  /** Each chunk with its stored fingerprints, read inside the prefetch so the read overlaps evaluation. */
  private async *fingerprinted(chunks: AsyncGenerator<LoadedCase[]>): AsyncGenerator<Chunk> {
    for await (const cases of chunks) yield this.withFingerprints(cases);
  }

  private async withFingerprints(cases: LoadedCase[]): Promise<Chunk> {
    const la = cases[0]?.la;
    return {
      cases,
      fingerprints: la
        ? await this.milestones.fingerprints(
            la,
            cases.map((c) => c.caseRef),
          )
        : new Map(),
    };
  }

  private outcomesOf(
    chunk: Chunk,
    asOf: string,
    staff: StaffDirectory,
    breach: LaBreachPass,
    totals: RecomputeTotals,
    acc?: SnapshotAccumulator,
  ): CaseOutcome[] {
    const out: CaseOutcome[] = [];
    for (const c of chunk.cases) {
      const evaluation: CaseEvaluation = evaluateCase(c.events, asOf, this.rules, { la: c.la, caseRef: c.caseRef, pathway: c.pathway });
      totals.evaluated++;
      acc?.add(evaluation);
      if (acc) breach.add(evaluation);
      const outcome = caseOutcome(evaluation, c.eventCount, staff, this.rules, breach.forecast(evaluation));
      if (outcome.evaluation.fingerprint === chunk.fingerprints.get(c.caseRef)) totals.unchanged++;
      else out.push(outcome);
    }
    return out;
  }

  private async writeSnapshot(acc: SnapshotAccumulator, la: string, asOf: string): Promise<number> {
    const rows = acc.takeLa(la);
    await this.snapshots.write(la, asOf, rows);
    await this.refreshOpenCounts(la, asOf); // every chunk of the LA is committed by now
    return rows.length;
  }
}
