import { Inject, Injectable, Logger } from '@nestjs/common';
import { RULES_TABLE } from '@app/config';
import { evaluateCase, type CaseEvaluation, type RulesTable } from '@app/rules';
import { SnapshotAccumulator } from '../snapshots/snapshot-accumulator';
import { SnapshotsRepository } from '../snapshots/snapshots.repository';
import type { StaffDirectory } from '../staff/staff-directory';
import { StaffRepository } from '../staff/staff.repository';
import { caseOutcome, type CaseOutcome } from './case-outcome';
import { EventReader, type LoadedCase } from './event-reader';
import { MilestonesRepository, type WriteResult } from './milestones.repository';

export interface RecomputeTotals extends WriteResult {
  evaluated: number;
  unchanged: number;
}

export interface PassProgress extends RecomputeTotals {
  /** The last case done, to resume from after a crash. */
  after: [string, string];
  snapshots: number;
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
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  /** The cases an ingest batch touched (a job from the recompute outbox). */
  async recomputeCases(la: string, caseRefs: string[], asOf: string): Promise<RecomputeTotals> {
    const loaded = await this.reader.loadCases(la, caseRefs);
    const totals = zero();
    const outcomes = this.outcomesOf(loaded, asOf, await this.staff.directory(la), totals);
    addTotals(totals, await this.milestones.write(la, asOf, outcomes));
    return totals;
  }

  /**
   * Every case as of `asOf`, streamed LA by LA in chunks: stores changed milestones and alerts, and
   * each LA's measure snapshot when its last chunk is done. The next chunk is read while this one
   * is evaluated and written. `onProgress` gets a resumable position after every chunk.
   */
  async recomputeAll(
    asOf: string,
    options: { chunkSize?: number; after?: [string, string]; onlyLa?: string; onProgress?: (p: PassProgress) => Promise<void> } = {},
  ): Promise<PassProgress> {
    const chunks = this.reader.streamAll(options.chunkSize ?? 2000, options.after, options.onlyLa);
    const acc = new SnapshotAccumulator(asOf, this.rules);
    const progress: PassProgress = { ...zero(), after: options.after ?? ['', ''], snapshots: 0 };
    let staff: StaffDirectory | null = null;
    let currentLa: string | null = null;
    let next = chunks.next();
    for (;;) {
      const { value: chunk, done } = await next;
      if (done) break;
      next = chunks.next(); // prefetch while this chunk is evaluated
      const la = chunk[0].la;
      if (la !== currentLa) {
        if (currentLa !== null) progress.snapshots += await this.writeSnapshot(acc, currentLa, asOf);
        currentLa = la;
        staff = await this.staff.directory(la);
      }
      const outcomes = this.outcomesOf(chunk, asOf, staff!, progress, acc);
      addTotals(progress, await this.milestones.write(la, asOf, outcomes));
      progress.after = [la, chunk[chunk.length - 1].caseRef];
      if (options.onProgress) await options.onProgress(progress);
    }
    if (currentLa !== null) progress.snapshots += await this.writeSnapshot(acc, currentLa, asOf);
    this.logger.log({ msg: 'recompute pass done', asOf, evaluated: progress.evaluated, written: progress.cases });
    return progress;
  }

  private outcomesOf(cases: LoadedCase[], asOf: string, staff: StaffDirectory, totals: RecomputeTotals, acc?: SnapshotAccumulator): CaseOutcome[] {
    const out: CaseOutcome[] = [];
    for (const c of cases) {
      const evaluation: CaseEvaluation = evaluateCase(c.events, asOf, this.rules, { la: c.la, caseRef: c.caseRef, pathway: c.pathway });
      totals.evaluated++;
      acc?.add(evaluation);
      const outcome = caseOutcome(evaluation, c.eventCount, staff, this.rules);
      if (outcome.evaluation.fingerprint === c.fingerprint) totals.unchanged++;
      else out.push(outcome);
    }
    return out;
  }

  private async writeSnapshot(acc: SnapshotAccumulator, la: string, asOf: string): Promise<number> {
    const rows = acc.takeLa(la);
    await this.snapshots.write(la, asOf, rows);
    return rows.length;
  }
}
