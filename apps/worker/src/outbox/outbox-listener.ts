import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { AppConfig } from '@app/config';
import { OutboxRelay } from './outbox-relay';

/** The channel the outbox tables' triggers notify on commit (migration OutboxNotify1765600000000). */
export const OUTBOX_CHANNEL = 'outbox_rows';
/** Names the listening connection in pg_stat_activity (and lets a drill find it). */
export const LISTENER_APPLICATION_NAME = 'outbox-listener';

const RETRY_FIRST_MS = 250;
const RETRY_MAX_MS = 10_000;

/**
 * Wakes the outbox relay when an outbox row is committed (PostgreSQL LISTEN/NOTIFY), so an alert
 * follows its event by milliseconds rather than a poll interval. One dedicated connection, outside
 * the pool (a pooled one would be reset and handed to others). The relay's poll stays as the
 * fallback: while this connection is down, rows wait at most a poll. A lost connection is opened
 * again with backoff, and each (re)connect wakes the relay once for what was committed unheard.
 */
@Injectable()
export class OutboxListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxListener.name);
  /** The connection being opened or open; a lost one's later events are ignored. */
  private attempt: Client | null = null;
  private client: Client | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private retryMs = RETRY_FIRST_MS;
  private stopped = false;
  private wasDown = false;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const client = this.attempt;
    this.attempt = null;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** True while the LISTEN connection is open (for tests and health). */
  get listening(): boolean {
    return this.client !== null;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: LISTENER_APPLICATION_NAME });
    this.attempt = client;
    // Set before connecting: an error on an idle client with no listener would crash the process.
    client.on('error', (e) => this.lost(client, e.message));
    client.on('end', () => this.lost(client, 'connection ended'));
    client.on('notification', (n) => this.relay.wake(n.payload)); // the payload names the outbox table
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (e) {
      this.lost(client, (e as Error).message);
      return;
    }
    if (this.attempt !== client) return; // lost or shut down meanwhile
    this.client = client;
    this.retryMs = RETRY_FIRST_MS;
    if (this.wasDown) this.logger.log({ msg: 'outbox listener reconnected' });
    this.wasDown = false;
    this.relay.wake(); // rows committed while nobody listened
  }

  /** Called once or more per lost connection (error, then end): reconnects once, after a backoff. */
  private lost(client: Client, reason: string): void {
    if (this.attempt !== client) return;
    this.attempt = null;
    this.client = null;
    client.removeAllListeners('notification');
    client.end().catch(() => undefined);
    if (this.stopped) return;
    if (!this.wasDown) this.logger.warn({ msg: 'outbox listener lost its connection; the poll covers until it is back', err: reason });
    this.wasDown = true;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
  }
}
