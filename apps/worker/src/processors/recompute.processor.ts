import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AppConfig, Clock } from '@app/config';
import { RecomputeOutboxRepository, RecomputeService } from '@app/compliance';
import { periodJobId, QUEUES, type RecomputeJob } from '@app/queue';
import { OutboxRelay } from '../outbox/outbox-relay';
import { Queues } from '../queues/queues';
import { NightlyProcessor } from './nightly.processor';

/** recompute: the cases an ingest touched, or the nightly pass (NightlyProcessor: whole, or one LA's share). */
@Injectable()
export class RecomputeProcessor {
  private readonly logger = new Logger(RecomputeProcessor.name);

  constructor(
    private readonly recompute: RecomputeService,
    private readonly outbox: RecomputeOutboxRepository,
    private readonly relay: OutboxRelay,
    private readonly clock: Clock,
    private readonly nightly: NightlyProcessor,
    private readonly queues: Queues,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  /** `signal` is aborted when this worker shuts down: a short job finishes, the nightly pass stops. */
  async process(job: Job<RecomputeJob>, token?: string, signal?: AbortSignal): Promise<unknown> {
    const data = job.data;
    if (data.kind === 'cases') {
      const asOf = this.clock.todayInLondon();
      const totals = await this.recompute.recomputeCases(data.la, data.caseRefs, asOf, (written) => {
        if (written.alertsRaised > 0) this.relay.wake('alerts'); // the alerts go now, not at the next poll
      });
      await this.outbox.complete(data.la, data.caseRefs, data.lastSeq);
      // The forecasts kept (the year's EHC forecast, the at-risk list) read only EHC assessments.
      if (totals.ehcAssessmentsWritten > 0 && this.config.forecastsAfterRecompute) await this.keepForecasts(data.la, asOf, data.lastSeq);
      return totals;
    }
    if (data.kind === 'nightly-la') return this.nightly.oneLa(job as Job<typeof data>, token, signal);
    return this.nightly.pass(job as Job<typeof data>, token, signal);
  }

  /**
   * The LA's forecasts kept for the day are made again from what changed, so the next ask reads them
   * instead of making them (a burst of batches coalesces; unchanged answers are not remade). The job
   * waits forecastsAfterRecomputeDelayMs first: batches meanwhile join it, so a steady stream makes
   * one a wait, not one a batch. Not queued (Redis away): asks make them, as before; the cases are
   * written, so no retry for this.
   */
  private async keepForecasts(la: string, asOf: string, lastSeq: string): Promise<void> {
    const jobId = periodJobId('forecasts', la, `${asOf}.${lastSeq}`); // the job ledger's key: one per batch
    await this.queues
      .addCoalesced(
        QUEUES.snapshots,
        'forecasts',
        { asOf, la },
        jobId,
        `forecasts.${la}.${asOf}`,
        this.config.forecastsAfterRecomputeDelayMs,
      )
      .catch((e: unknown) => this.logger.warn({ msg: 'forecasts not queued after a recompute', la, error: String(e) }));
  }
}
