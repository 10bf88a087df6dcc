// An LA's measure snapshot and EHC stage durations for a night its cases were re-evaluated by
// change only (the nightly pass, issue 16): counted set-based from the stored evaluations and
// milestones, every one of which is current once the LA's due cases are written.
import { Injectable } from '@nestjs/common';
import type { StageDistributions } from '@app/rules';
import { StageDistributionsFromStore } from '../forecasts/stage-distributions-from-store';
import type { SnapshotRow } from './snapshot-measures';
import { SnapshotsService } from './snapshots.service';

@Injectable()
export class StoredMeasures {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly durations: StageDistributionsFromStore,
  ) {}

  async of(la: string, asOf: string): Promise<{ rows: SnapshotRow[]; distributions: StageDistributions }> {
    const [rows, distributions] = await Promise.all([this.snapshots.fromStore(la, asOf), this.durations.fromStore(la, asOf)]);
    return { rows, distributions };
  }
}
