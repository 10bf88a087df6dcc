import { Injectable, type OnModuleInit } from '@nestjs/common';
import { AlertsService, JobLedgerRepository, RecomputeOutboxRepository } from '@app/compliance';
import { Metrics } from '@app/metrics';
import { periodJobId, QUEUES } from '@app/queue';
import { Queues } from '../queues/queues';

/** The states a queue's depth is reported in (completed jobs are history, not backlog). */
export const DEPTH_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** What the worker reads at each scrape: every queue's depths, both outboxes' backlogs, the last nightly pass. */
@Injectable()
export class WorkerProbes implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly queues: Queues,
    private readonly recomputeOutbox: RecomputeOutboxRepository,
    private readonly alerts: AlertsService,
    private readonly ledger: JobLedgerRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.onScrape(() => this.queueDepths());
    this.metrics.onScrape(() => this.outboxes());
    this.metrics.onScrape(() => this.lastNightly());
  }

  /** From the ledger, not this process's memory: a restarted worker must not look as if no night had run. */
  private async lastNightly(): Promise<void> {
    const at = await this.ledger.lastFinished(`${periodJobId('nightly', 'all', '')}`);
    this.metrics.nightlyLastSuccess.set(at ? at.getTime() / 1000 : 0);
  }

  private async queueDepths(): Promise<void> {
    for (const queue of Object.values(QUEUES)) {
      const counts = await this.queues.get(queue).getJobCounts(...DEPTH_STATES);
      for (const state of DEPTH_STATES) this.metrics.queueJobs.set({ queue, state }, counts[state] ?? 0);
    }
  }

  private async outboxes(): Promise<void> {
    const [recompute, alerts] = await Promise.all([this.recomputeOutbox.backlog(), this.alerts.backlog()]);
    for (const [outbox, b] of [
      ['recompute', recompute],
      ['alerts', alerts],
    ] as const) {
      this.metrics.outboxRows.set({ outbox }, b.rows);
      this.metrics.outboxAge.set({ outbox }, b.oldestSeconds);
    }
  }
}
