import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@app/config';
import { AlertsService, RecomputeOutboxRepository } from '@app/compliance';
import { QUEUES } from '@app/queue';
import { Queues } from '../queues/queues';
import { RELAY_BATCH, RelayLoop } from './relay-loop';

/** The outbox tables, as their NOTIFY payload names them (migration OutboxNotify1765600000000). */
export type OutboxTable = 'recompute_requests' | 'alerts';

/**
 * Drains the two outboxes into BullMQ: recompute requests (written by ingest) and alerts (written
 * with milestones). Rows stay until their job has done its work (deleted, or delivered), rows
 * queued long ago are queued again (outboxRetryMs), and job ids come from the rows: Redis down or
 * emptied means later, never lost, and a repeated relay adds nothing twice. Each outbox has its own
 * loop (RelayLoop), woken by its own table's NOTIFY.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly loops: Record<OutboxTable, RelayLoop>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly queues: Queues,
    private readonly recompute: RecomputeOutboxRepository,
    private readonly alerts: AlertsService,
  ) {
    this.loops = {
      recompute_requests: new RelayLoop('recompute_requests', () => this.relayRecompute(), config.outboxPollMs, this.logger),
      alerts: new RelayLoop('alerts', () => this.relayAlerts(), config.outboxPollMs, this.logger),
    };
  }

  onApplicationBootstrap(): void {
    for (const loop of Object.values(this.loops)) loop.start();
  }

  /**
   * Runs after the queue workers have finished their jobs in hand (they depend on this relay), so
   * one last pass relays what those jobs wrote; whatever it cannot relay stays in the outbox.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.loops).map((loop) => loop.stop()));
    await this.drain().catch(() => 0);
  }

  /** One drain of both outboxes; returns rows relayed. Public for tests and benchmarks. */
  async drain(): Promise<number> {
    return (await this.loops.recompute_requests.drain()) + (await this.loops.alerts.drain());
  }

  /**
   * Drains now rather than at the next poll: one outbox when its NOTIFY names it, or when a
   * recompute job raised alerts (they do not wait a poll); both when it is not known what came.
   */
  wake(outbox?: string): void {
    if (outbox === 'recompute_requests' || outbox === 'alerts') return this.loops[outbox].wake();
    for (const loop of Object.values(this.loops)) loop.wake();
  }

  private relayRecompute(): Promise<number> {
    return this.recompute.relay(RELAY_BATCH, this.config.recomputeJobCases, this.config.outboxRetryMs, (claims) =>
      this.queues.addBulk(
        QUEUES.recompute,
        claims.map((c) => ({
          name: 'cases',
          data: { kind: 'cases' as const, la: c.la, caseRefs: c.caseRefs, lastSeq: c.lastSeq },
          jobId: `recompute:${c.la}:${c.firstSeq}-${c.lastSeq}-${c.caseRefs.length}`,
        })),
      ),
    );
  }

  private relayAlerts(): Promise<number> {
    return this.alerts.relay(RELAY_BATCH, this.config.outboxRetryMs, (claims) =>
      this.queues.addBulk(
        QUEUES.alerts,
        claims.map((c) => ({
          name: 'deliver',
          data: { kind: 'deliver' as const, la: c.la, alertIds: c.alertIds },
          jobId: `deliver:${c.la}:${c.alertIds[0]}-${c.alertIds[c.alertIds.length - 1]}`,
        })),
      ),
    );
  }
}
