import { Inject, Injectable } from '@nestjs/common';
import { RULES_TABLE } from '@app/config';
import { type Pathway, type RulesTable, type TrajectoryPoint, isIsoDate } from '@app/rules';
import { SnapshotsService } from '../snapshots/snapshots.service';
import { TargetInvalidError, TargetNameTakenError } from './target-errors';
import type { NamedTargetStatus, StoredTarget, TargetInput, TargetReplacement, TargetStatusRow, TargetView } from './target-record';
import { targetStart } from './target-start';
import { statusesFor } from './target-statuses';
import { TargetsRepository } from './targets.repository';
import { validateTarget } from './validate-target';

/** Targets (a number and a date per LA, pathway and measure) and their nightly red/amber/green. */
@Injectable()
export class TargetsService {
  constructor(
    private readonly repo: TargetsRepository,
    private readonly snapshots: SnapshotsService,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  list(la?: string, pathway?: Pathway): Promise<TargetView[]> {
    return this.repo.list(la, pathway);
  }

  get(la: string, id: number): Promise<StoredTarget | undefined> {
    return this.repo.get(la, id);
  }

  /** Stores a local target. Throws TargetInvalidError (field, reason) or TargetNameTakenError. */
  async create(input: TargetInput): Promise<StoredTarget> {
    const target = validateTarget({ ...input });
    const stored = await this.repo.insert(input.la, target);
    if (stored) return stored;
    if (!(await this.repo.laExists(input.la))) throw new TargetInvalidError('la', `la ${input.la} is not a known local authority code`);
    throw new TargetNameTakenError(input.la, target.name);
  }

  /**
   * Replaces a target's definition (PUT); undefined when there is none. The name stays: it is the
   * target's identity in its LA, and an edited default (now 'local') must keep it so the next
   * migrate does not hand the LA that default again.
   */
  async update(la: string, id: number, input: TargetReplacement): Promise<StoredTarget | undefined> {
    const current = await this.repo.get(la, id);
    if (!current) return undefined;
    if (input.name !== undefined && input.name !== current.name) {
      throw new TargetInvalidError('name', `name cannot change (it is ${current.name}); create a new target instead`);
    }
    return this.repo.replace(la, id, validateTarget({ ...input, name: current.name }), 'local');
  }

  /**
   * Judges every target (or one LA's) against the nightly snapshot of `asOf`, writing one
   * statement per LA. LAs without a snapshot that day are left alone. Returns rows written.
   */
  async recomputeStatuses(asOf: string, la?: string): Promise<number> {
    if (!isIsoDate(asOf)) throw new Error(`asOf must be a date 'YYYY-MM-DD', not ${JSON.stringify(asOf)}`);
    const byLa = new Map<string, StoredTarget[]>();
    for (const t of await this.repo.targetsOf(la)) byLa.set(t.la, [...(byLa.get(t.la) ?? []), t]);
    let written = 0;
    for (const [code, targets] of byLa) {
      const rows = await this.snapshots.read(code, asOf);
      if (!rows.length) continue;
      const starts = await this.startsOf(targets, asOf);
      written += await this.repo.writeStatuses(code, asOf, statusesFor(targets, rows, asOf, this.rules, starts));
    }
    return written;
  }

  /** Where each target's line starts (target-start.ts), by target id: the nightly pass and the weekly summary judge alike. */
  async startsOf(targets: StoredTarget[], asOf: string): Promise<Map<number, TrajectoryPoint | null>> {
    return new Map(await Promise.all(targets.map(async (t) => [t.id, await targetStart(this.snapshots, t, asOf)] as const)));
  }

  /** Each of an LA's targets' status on `on`, or its latest. */
  statuses(la: string, on?: string): Promise<NamedTargetStatus[]> {
    return this.repo.statuses(la, on);
  }

  /** One target's statuses over time, oldest first (empty for an unknown target). */
  history(la: string, id: number): Promise<TargetStatusRow[]> {
    return this.repo.history(la, id);
  }
}
