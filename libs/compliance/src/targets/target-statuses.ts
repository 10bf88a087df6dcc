// Judges each target of one LA against that LA's snapshot for a date (pure; the service stores it).
import { type IsoDate, type Rag, type RulesTable, actualFor, targetStatus } from '@app/rules';
import type { SnapshotRow } from '../snapshots/snapshot-measures';
import type { StoredTarget } from './target-record';

export interface StatusToWrite {
  targetId: number;
  expected: number;
  actual: number | null;
  status: Rag | null;
}

/** Targets are judged on the LA-wide row (needCode 'all') of their pathway; no row, no actual. */
export function statusesFor(targets: StoredTarget[], snapshots: SnapshotRow[], on: IsoDate, rules: RulesTable): StatusToWrite[] {
  const laWide = new Map(snapshots.filter((r) => r.needCode === 'all').map((r) => [r.pathway, r.measures]));
  return targets.map((t) => {
    const measures = laWide.get(t.pathway);
    const s = targetStatus(t, measures ? actualFor(t.measure, measures) : null, on, rules);
    return { targetId: t.id, expected: s.expected, actual: s.actual, status: s.status };
  });
}
