import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@app/config';
import type { Job } from 'bullmq';
import { AlertsService, JobLedgerRepository, RecomputeOutboxRepository, RecomputeService, type PassProgress } from '@app/compliance';
import { periodJobId, QUEUES, type RecomputeJob } from '@app/queue';
import { todayInLondon } from '@app/rules';
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
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  async process(job: Job<RecomputeJob>): Promise<unknown> {
    const data = job.data;
    if (data.kind === 'cases') {
      const totals = await this.recompute.recomputeCases(data.la, data.caseRefs, todayInLondon(new Date()));
      await this.outbox.complete(data.la, data.caseRefs, data.lastSeq);
      return totals;
    }
    return this.nightly(job as Job<Extract<RecomputeJob, { kind: 'nightly' }>>);
  }

  /**
   * Streams every case as of the night's date. Progress (the last case done) is saved on the job
   * after each chunk, so a job taken over after a crash resumes where the dead worker stopped.
   */
  private async nightly(job: Job<Extract<RecomputeJob, { kind: 'nightly' }>>): Promise<unknown> {
    const jobId = job.id ?? periodJobId('nightly', 'all', job.data.asOf);
    if (await this.ledger.finished(jobId)) return { skipped: 'already done' };
    const started = new Date();
    const saved = job.progress as Partial<PassProgress> | number;
    const after = typeof saved === 'object' && saved?.after ? saved.after : undefined;
    const result = await this.recompute.recomputeAll(job.data.asOf, {
      after,
      chunkSize: this.config.nightlyChunkCases,
      onProgress: (p) => job.updateProgress({ ...p }),
    });
    const escalated = await this.alerts.escalate(job.data.asOf);
    await this.queues.add(QUEUES.snapshots, 'targets', { asOf: job.data.asOf }, periodJobId('targets', 'all', job.data.asOf));
    const detail = { ...result, escalated, resumedFrom: after ?? null };
    await this.ledger.record(jobId, QUEUES.recompute, WORKER_ID, started, detail);
    this.logger.log({ msg: 'nightly recompute done', jobId, ...detail });
    return detail;
  }
}
