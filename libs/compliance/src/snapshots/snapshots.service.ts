import { Inject, Injectable } from '@nestjs/common';
import { RULES_TABLE } from '@app/config';
import { EventReader } from '@app/database';
import { evaluateCase, type RulesTable } from '@app/rules';
import { reviewCapRule } from '../reports/day-counts.repository';
import { SnapshotAccumulator } from './snapshot-accumulator';
import { SnapshotCountsRepository } from './snapshot-counts.repository';
import type { SnapshotRow } from './snapshot-measures';
import { SnapshotsRepository } from './snapshots.repository';
import { snapshotCountParams, snapshotRowsFromCounts } from './snapshots-from-counts';

/** Nightly measure snapshots: read them, or compute one LA's for a date that has none yet. */
@Injectable()
export class SnapshotsService {
  constructor(
    private readonly repo: SnapshotsRepository,
    private readonly reader: EventReader,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
    private readonly counts: SnapshotCountsRepository,
  ) {}

  /**
   * One LA's snapshot rows as of `asOf`, counted set-based from the stored evaluations and milestones
   * (not from events): the rows SnapshotAccumulator.takeLa gives after every case of the LA was
   * evaluated as of `asOf`, provided each stored evaluation's states are current on `asOf` (what ages,
   * waits and placements, is derived from stored dates and `asOf`) and its day counts refreshed
   * since its last write (steps done in the period are added up from them). Neither stores nor reads
   * measure_snapshots: the caller writes them (SnapshotsRepository.write through the nightly pass).
   */
  async fromStore(la: string, asOf: string): Promise<SnapshotRow[]> {
    const params = { ...snapshotCountParams(asOf, this.rules), dayCounts: reviewCapRule(this.rules) };
    const counts = await this.counts.counts(la, params);
    return snapshotRowsFromCounts(la, asOf, counts, this.rules);
  }

  read(la: string, on: string): Promise<SnapshotRow[]> {
    return this.repo.read(la, on);
  }

  /** One pathway's snapshots between two dates, oldest first: every need together ('all') or one need. */
  series(la: string, pathway: SnapshotRow['pathway'], from: string, to: string, needCode = 'all'): Promise<SnapshotRow[]> {
    return this.repo.series(la, pathway, from, to, needCode);
  }

  /** The first LA-wide snapshot of a pathway from `from` to `to`, if any. */
  first(la: string, pathway: SnapshotRow['pathway'], from: string, to: string): Promise<SnapshotRow | undefined> {
    return this.repo.first(la, pathway, from, to);
  }

  /**
   * The latest LA-wide snapshot of a pathway on or before `on`; when the LA has none yet, its
   * snapshot for `on` is computed once (and stored), as the nightly pass would.
   */
  async latest(la: string, pathway: SnapshotRow['pathway'], on: string): Promise<SnapshotRow | undefined> {
    const stored = await this.repo.latest(la, pathway, on);
    if (stored) return stored;
    return (await this.ensure(la, on)).find((r) => r.pathway === pathway && r.needCode === 'all');
  }

  /** The LA's snapshot for `on`, computed from the event store (as of that date) if missing. */
  async ensure(la: string, on: string): Promise<SnapshotRow[]> {
    const stored = await this.repo.read(la, on);
    if (stored.length) return stored;
    return this.compute(la, on);
  }

  /** One streaming pass over one LA's cases, evaluated as of `on`; stores and returns the rows. */
  async compute(la: string, on: string): Promise<SnapshotRow[]> {
    const acc = new SnapshotAccumulator(on, this.rules);
    for await (const chunk of this.reader.streamAll(2000, ['', ''], la)) {
      for (const c of chunk) acc.add(evaluateCase(c.events, on, this.rules, { la: c.la, caseRef: c.caseRef, pathway: c.pathway }));
    }
    const rows = acc.takeLa(la);
    await this.repo.write(la, on, rows);
    return rows;
  }
}
