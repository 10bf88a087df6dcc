// Judges each target of one LA against that LA's snapshot for a date (pure; the service stores it).
import { type IsoDate, type Rag, type RulesTable, type TrajectoryPoint, actualFor, targetStatus } from '@app/rules';
import type { SnapshotRow } from '../snapshots/snapshot-measures';
import type { StoredTarget } from './target-record';

export interface StatusToWrite {
  targetId: number;
  expected: number;
  actual: number | null;
  status: Rag | null;
}

/**
 * Targets are judged on the LA-wide row (needCode 'all') of their pathway; no row, no actual.
 * `starts` holds, by target id, the figure each target's line starts from (target-start.ts).
 */
export function statusesFor(
  targets: StoredTarget[],
  snapshots: SnapshotRow[],
  on: IsoDate,
  rules: RulesTable,
  starts: ReadonlyMap<number, TrajectoryPoint | null> = new Map(),
): StatusToWrite[] {
  const laWide = new Map(snapshots.filter((r) => r.needCode === 'all').map((r) => [r.pathway, r.measures]));
  return targets.map((t) => {
    const measures = laWide.get(t.pathway);
    const s = targetStatus(t, measures ? actualFor(t.measure, measures) : null, on, rules, starts.get(t.id));
    return { targetId: t.id, expected: s.expected, actual: s.actual, status: s.status };
  });
}
