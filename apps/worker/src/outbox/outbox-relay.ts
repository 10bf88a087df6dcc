import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AlertsService, RecomputeOutboxRepository } from '@app/compliance';
import { QUEUES } from '@app/queue';
import { Queues } from '../queues/queues';

/**
 * Drains the two outboxes into BullMQ: recompute requests (written by ingest) and alerts (written
 * with milestones). Rows stay until their job has done its work (deleted, or delivered), rows
 * queued long ago are queued again (outboxRetryMs), and job ids come from the rows: Redis down or
 * emptied means later, never lost, and a repeated relay adds nothing twice.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private failing = false;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly queues: Queues,
    private readonly recompute: RecomputeOutboxRepository,
    private readonly alerts: AlertsService,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** One pass over both outboxes; returns rows relayed. Public for tests and benchmarks. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n =
        (await this.recompute.relay(5000, this.config.recomputeJobCases, this.config.outboxRetryMs, (claims) =>
          this.queues.addBulk(
            QUEUES.recompute,
            claims.map((c) => ({
              name: 'cases',
              data: { kind: 'cases' as const, la: c.la, caseRefs: c.caseRefs, lastSeq: c.lastSeq },
              jobId: `recompute:${c.la}:${c.firstSeq}-${c.lastSeq}-${c.caseRefs.length}`,
            })),
          ),
        )) +
        (await this.alerts.relay(5000, this.config.outboxRetryMs, (claims) =>
          this.queues.addBulk(
            QUEUES.alerts,
            claims.map((c) => ({
              name: 'deliver',
              data: { kind: 'deliver' as const, la: c.la, alertIds: c.alertIds },
              jobId: `deliver:${c.la}:${c.alertIds[0]}-${c.alertIds[c.alertIds.length - 1]}`,
            })),
          ),
        ));
      total += n;
      if (n === 0 || this.stopped) return total;
    }
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drain()
        .then(() => {
          if (this.failing) this.logger.log({ msg: 'outbox relay recovered' });
          this.failing = false;
        })
        .catch((e: Error) => {
          if (!this.failing) this.logger.warn({ msg: 'outbox relay failed; rows stay in the outbox', err: e.message });
          this.failing = true;
        })
        .finally(() => this.schedule());
    }, this.config.outboxPollMs);
  }
}
