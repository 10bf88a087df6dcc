// Each target judged against the same snapshot rows as the summary's figures, so a Monday's RAG
// never depends on whether that night's status pass has run yet.
import type { IsoDate, RulesTable, TrajectoryPoint } from '@app/rules';
import type { SnapshotRow } from '../snapshots/snapshot-measures';
import type { StoredTarget } from '../targets/target-record';
import { statusesFor } from '../targets/target-statuses';
import type { TargetLine } from './weekly-figures';

export function targetLines(
  targets: StoredTarget[],
  rows: SnapshotRow[],
  on: IsoDate,
  rules: RulesTable,
  starts?: ReadonlyMap<number, TrajectoryPoint | null>,
): TargetLine[] {
  const byId = new Map(targets.map((t) => [t.id, t]));
  return statusesFor(targets, rows, on, rules, starts).map((s) => {
    const t = byId.get(s.targetId)!;
    return {
      name: t.name,
      pathway: t.pathway,
      measure: t.measure,
      threshold: t.threshold,
      expected: s.expected,
      actual: s.actual,
      status: s.status,
      deadline: t.deadline,
      comparator: t.comparator,
    };
  });
}
