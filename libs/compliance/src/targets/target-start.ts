// Where a target's line starts when it has no point of its own by then (libs/rules trajectoryPoints):
// the LA-wide figure in the first nightly snapshot on or after the day the target was stored.
import { actualFor, todayInLondon, type IsoDate, type Pathway, type TargetMeasure, type TrajectoryPoint } from '@app/rules';
import type { SnapshotsService } from '../snapshots/snapshots.service';

export interface StartOf {
  la: string;
  pathway: Pathway;
  measure: TargetMeasure;
  /** When the row was stored (timestamptz); its London date is the day the target was set. */
  createdAt: Date | string;
  trajectory: { date: IsoDate }[];
}

/** The day a target was set, in Europe/London. */
export const setOn = (createdAt: Date | string): IsoDate => todayInLondon(new Date(createdAt));

/** null when no snapshot since the target was set (up to `asOf`) has a figure for its measure. */
export async function targetStart(snapshots: SnapshotsService, t: StartOf, asOf: IsoDate): Promise<TrajectoryPoint | null> {
  const from = setOn(t.createdAt);
  // A target whose own line has begun by then needs no measured start.
  if (from > asOf || (t.trajectory.length && t.trajectory[0].date <= from)) return null;
  const first = await snapshots.first(t.la, t.pathway, from, asOf);
  const value = first ? actualFor(t.measure, first.measures) : null;
  return first && value !== null ? { date: first.snapshotOn, value } : null;
}
