import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock } from '@app/config';
import { Metrics } from '@app/metrics';
import { WaitingError, type Job } from 'bullmq';
import { AlertsService, JobLedgerRepository, RecomputeOutboxRepository, RecomputeService, type PassProgress } from '@app/compliance';
import { periodJobId, QUEUES, type RecomputeJob } from '@app/queue';
import { OutboxRelay } from '../outbox/outbox-relay';
import { Queues } from '../queues/queues';
import { WORKER_ID } from './job-context';

/** recompute: the cases an ingest touched, or the nightly pass over every case. */
@Injectable()
export class RecomputeProcessor {
  private readonly logger = new Logger(RecomputeProcessor.name);

  constructor(
    private readonly recompute: RecomputeService,
    private readonly alerts: AlertsService,
    private readonly ledger: JobLedgerRepository,
    private readonly queues: Queues,
    private readonly outbox: RecomputeOutboxRepository,
    private readonly relay: OutboxRelay,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  /** `signal` is aborted when this worker shuts down: a short job finishes, the nightly pass stops. */
  async process(job: Job<RecomputeJob>, token?: string, signal?: AbortSignal): Promise<unknown> {
    const data = job.data;
    if (data.kind === 'cases') {
      const totals = await this.recompute.recomputeCases(data.la, data.caseRefs, this.clock.todayInLondon());
      await this.outbox.complete(data.la, data.caseRefs, data.lastSeq);
      if (totals.alertsRaised > 0) this.relay.wake(); // the alerts go now, not at the next poll
      return totals;
    }
    return this.nightly(job as Job<Extract<RecomputeJob, { kind: 'nightly' }>>, token, signal);
  }

  /**
   * Streams every case as of the night's date. Progress is saved on the job after each chunk, so a
   * job taken over after a crash resumes near where the dead worker stopped (at the start of the
   * LA it was in). On shutdown the pass stops after the chunk in hand and the job goes back to
   * the queue, for another worker (or this one restarted) to go on from there.
   */
  private async nightly(job: Job<Extract<RecomputeJob, { kind: 'nightly' }>>, token?: string, signal?: AbortSignal): Promise<unknown> {
    const jobId = job.id ?? periodJobId('nightly', 'all', job.data.asOf);
    if (await this.ledger.finished(jobId)) return { skipped: 'already done' };
    const started = new Date();
    const startedAt = process.hrtime.bigint();
    const saved = job.progress as Partial<PassProgress> | number;
    const after = typeof saved === 'object' && saved ? (saved.resumeFrom ?? saved.after) : undefined;
    const result = await this.recompute.recomputeAll(job.data.asOf, {
      after,
      chunkSize: this.config.nightlyChunkCases,
      onProgress: (p) => job.updateProgress({ ...p }),
      signal,
    });
    if (result.stopped) {
      // Not finished, so never recorded as done: back to the queue, or failed and retried.
      this.logger.log({ msg: 'nightly recompute handed back to the queue', jobId, resumeFrom: result.resumeFrom });
      if (!token) throw new Error('nightly recompute stopped by shutdown before the end');
      await job.moveToWait(token);
      throw new WaitingError();
    }
    const escalated = await this.alerts.escalate(job.data.asOf);
    await this.queues.add(QUEUES.snapshots, 'targets', { asOf: job.data.asOf }, periodJobId('targets', 'all', job.data.asOf));
    const detail = { ...result, escalated, resumedFrom: after ?? null };
    await this.ledger.record(jobId, QUEUES.recompute, WORKER_ID, started, detail);
    this.metrics.nightlyDuration.observe(Metrics.secondsSince(startedAt));
    this.logger.log({ msg: 'nightly recompute done', jobId, ...detail });
    return detail;
  }
}
