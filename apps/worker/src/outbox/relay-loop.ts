import type { Logger } from '@nestjs/common';

/** Rows one relay pass claims at most; a pass that claims fewer has taken all it could (others' locked rows are theirs). */
export const RELAY_BATCH = 5000;

/**
 * One outbox's relay: a pass now when woken, else at the next poll. A wake during a pass runs
 * another as soon as it ends (rows committed after its read are then claimed). Each outbox has its
 * own loop, so alerts raised by a recompute never wait behind the relay of recompute requests.
 */
export class RelayLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private woken = false;
  private stopped = false;
  private failing = false;

  constructor(
    private readonly outbox: string,
    /** Claims up to RELAY_BATCH rows, queues them, and returns how many it claimed. */
    private readonly pass: () => Promise<number>,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.schedule(this.pollMs);
  }

  /** Stops polling and waits for a pass under way; whatever is left stays in the outbox. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Passes until one claims less than a full batch; returns rows relayed. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.pass();
      total += n;
      if (n < RELAY_BATCH || this.stopped) return total;
    }
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.woken = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.tick();
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => this.tick(), delay);
  }

  private tick(): void {
    this.timer = null;
    this.running = this.drain()
      .then(() => {
        if (this.failing) this.logger.log({ msg: 'outbox relay recovered', outbox: this.outbox });
        this.failing = false;
      })
      .catch((e: Error) => {
        if (!this.failing) this.logger.warn({ msg: 'outbox relay failed; rows stay in the outbox', outbox: this.outbox, err: e.message });
        this.failing = true;
      })
      .finally(() => {
        this.running = null;
        // Woken while passing: go again at once, unless the relay is failing (then wait a poll).
        const again = this.woken && !this.failing;
        this.woken = false;
        this.schedule(again ? 0 : this.pollMs);
      });
  }
}
