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
  private woken = false;
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

  /**
   * Runs after the queue workers have finished their jobs in hand (they depend on this relay), so
   * one last pass relays what those jobs wrote; whatever it cannot relay stays in the outbox.
   */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.drain().catch(() => 0);
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

  /**
   * Drains now rather than at the next poll: a recompute job that raised alerts calls this, so its
   * alerts do not wait a whole poll interval. A drain under way runs again as soon as it ends.
   */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.woken = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.tick();
  }

  private schedule(delay = this.config.outboxPollMs): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    this.timer = null;
    this.running = this.drain()
      .then(() => {
        if (this.failing) this.logger.log({ msg: 'outbox relay recovered' });
        this.failing = false;
      })
      .catch((e: Error) => {
        if (!this.failing) this.logger.warn({ msg: 'outbox relay failed; rows stay in the outbox', err: e.message });
        this.failing = true;
      })
      .finally(() => {
        this.running = null;
        // Woken while draining: go again at once, unless the relay is failing (then wait a poll).
        const again = this.woken && !this.failing;
        this.woken = false;
        this.schedule(again ? 0 : this.config.outboxPollMs);
      });
  }
}
