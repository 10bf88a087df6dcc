import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobLedgerRepository, SnapshotsService, TargetsService } from '@app/compliance';
import { QUEUES, type SnapshotJob } from '@app/queue';
import { WORKER_ID } from './job-context';

/**
 * snapshots: 'targets' recomputes every target's status from the night's snapshots (the nightly
 * pass writes the snapshots themselves); 'snapshot' computes one LA's snapshot for a date.
 */
@Injectable()
export class SnapshotsProcessor {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly targets: TargetsService,
    private readonly ledger: JobLedgerRepository,
  ) {}

  async process(job: Job<SnapshotJob>): Promise<unknown> {
    const jobId = job.id as string;
    if (await this.ledger.finished(jobId)) return { skipped: 'already done' };
    const started = new Date();
    const { asOf, la } = job.data;
    const detail =
      job.name === 'targets'
        ? { statuses: await this.targets.recomputeStatuses(asOf, la) }
        : { rows: (await this.snapshots.compute(la as string, asOf)).length };
    await this.ledger.record(jobId, QUEUES.snapshots, WORKER_ID, started, detail);
    return detail;
  }
}
