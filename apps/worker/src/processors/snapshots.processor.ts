import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { ForecastsService, JobLedgerRepository, SnapshotsService, TargetsService } from '@app/compliance';
import { Clock } from '@app/config';
import { QUEUES, type SnapshotJob } from '@app/queue';
import { WORKER_ID } from './job-context';

/**
 * snapshots: 'targets' recomputes every target's status from the night's snapshots (the nightly
 * pass writes the snapshots themselves); 'forecasts' makes and keeps each LA's EHC forecast and
 * at-risk list for the day, after the pass (every LA), or after a recompute wrote an LA's cases (that
 * LA); 'snapshot' computes one LA's snapshot for a date.
 */
@Injectable()
export class SnapshotsProcessor {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly targets: TargetsService,
    private readonly forecasts: ForecastsService,
    private readonly ledger: JobLedgerRepository,
    private readonly clock: Clock,
  ) {}

  async process(job: Job<SnapshotJob>): Promise<unknown> {
    const jobId = job.id as string;
    if (await this.ledger.finished(jobId)) return { skipped: 'already done' };
    const started = new Date();
    const { asOf, la } = job.data;
    const detail =
      job.name === 'targets'
        ? { statuses: await this.targets.recomputeStatuses(asOf, la) }
        : job.name === 'forecasts'
          ? await this.keepForecasts(job, asOf, la)
          : { rows: (await this.snapshots.compute(la as string, asOf)).length };
    await this.ledger.record(jobId, QUEUES.snapshots, WORKER_ID, started, detail);
    return detail;
  }

  /**
   * One LA's forecasts for the day, or every LA's with progress (queued once a night, after the pass).
   * A job for a day gone by (held up past midnight: a wait, a backlog, a worker down) makes nothing:
   * an LA keeps one answer of each kind, so it would replace today's, and asks today need today's.
   */
  private async keepForecasts(job: Job<SnapshotJob>, asOf: string, la: string | undefined) {
    if (asOf < this.clock.todayInLondon()) return { skipped: 'a day gone by', asOf };
    const started = Date.now();
    const kept = la
      ? { las: 1, made: (await this.forecasts.keepForDay(la, asOf)).length }
      : await this.forecasts.keepAllForDay(asOf, (done, of) => job.updateProgress({ las: done, of }));
    return { ...kept, ms: Date.now() - started };
  }
}
