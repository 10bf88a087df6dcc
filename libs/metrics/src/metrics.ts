import { Injectable, Logger } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Reads something slow (a database count, queue depths) just before a scrape and sets gauges. */
export type ScrapeProbe = () => Promise<void>;

/** Seconds, from a request's few milliseconds to a long job's minutes. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
/** From a second to a day: an alert raised by the nightly pass on a quiet case lands in the top buckets. */
const EVENT_TO_ALERT_BUCKETS = [1, 2, 5, 10, 30, 60, 300, 900, 3600, 6 * 3600, 86400];
/** The nightly pass: minutes for one LA, up to hours nationally. */
const PASS_BUCKETS = [1, 5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 14400];

/**
 * The one owner of this process's Prometheus registry (API or worker: each has its own). The code
 * that does the work moves these through the typed fields; nobody else makes metrics. Names start
 * `send_` and are listed in docs/operations.md with the alert rules that use them.
 */
@Injectable()
export class Metrics {
  private readonly logger = new Logger(Metrics.name);
  readonly registry = new Registry();
  private readonly probes: ScrapeProbe[] = [];

  readonly httpRequests = new Counter({
    name: 'send_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'send_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly eventsIngested = new Counter({
    name: 'send_events_ingested_total',
    help: 'Events stored (new, not replays), by source (api, import, seed)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly eventsRefused = new Counter({
    name: 'send_events_refused_total',
    help: 'Records in batches or files refused whole (422 or 409, nothing written), by source',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });
  readonly queueJobs = new Gauge({
    name: 'send_queue_jobs',
    help: 'Jobs in each BullMQ queue by state (waiting, active, delayed, failed), read at scrape',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  readonly jobDuration = new Histogram({
    name: 'send_job_duration_seconds',
    help: 'Time a job ran in this worker, by queue and outcome (completed, failed, handed_back)',
    labelNames: ['queue', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly jobFailures = new Counter({
    name: 'send_job_failures_total',
    help: 'Job attempts that failed (each retry counts), by queue',
    labelNames: ['queue'] as const,
    registers: [this.registry],
  });
  readonly outboxAge = new Gauge({
    name: 'send_outbox_oldest_age_seconds',
    help: 'Age of the oldest row waiting in each outbox (recompute, alerts); 0 when empty',
    labelNames: ['outbox'] as const,
    registers: [this.registry],
  });
  readonly outboxRows = new Gauge({
    name: 'send_outbox_rows',
    help: 'Rows waiting in each outbox (recompute, alerts)',
    labelNames: ['outbox'] as const,
    registers: [this.registry],
  });
  readonly eventToAlert = new Histogram({
    name: 'send_event_to_alert_seconds',
    help: "From the case's newest event reaching the store to its alert reaching the inbox",
    buckets: EVENT_TO_ALERT_BUCKETS,
    registers: [this.registry],
  });
  readonly alertsDelivered = new Counter({
    name: 'send_alerts_delivered_total',
    help: 'Alerts put in an inbox',
    registers: [this.registry],
  });
  readonly nightlyDuration = new Histogram({
    name: 'send_nightly_pass_duration_seconds',
    help: 'Time the nightly recompute pass took, from its start (or resume) to its end',
    buckets: PASS_BUCKETS,
    registers: [this.registry],
  });
  readonly nightlyLastSuccess = new Gauge({
    name: 'send_nightly_pass_last_success_timestamp_seconds',
    help: 'When the last nightly pass finished (Unix time, from the job ledger: any worker, across restarts); 0 if none has',
    registers: [this.registry],
  });
  readonly mailSent = new Counter({
    name: 'send_mail_sent_total',
    help: 'Mails accepted by the SMTP server, by kind (digest, weekly_summary)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly mailFailed = new Counter({
    name: 'send_mail_failed_total',
    help: 'Mails the SMTP server refused or could not be reached for, by kind',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  readonly databaseUp = new Gauge({
    name: 'send_database_up',
    help: 'Whether PostgreSQL answered SELECT 1 at the scrape (1) or not (0)',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'send_' });
  }

  /** Adds a probe run before every scrape (a failing probe is logged; the scrape still answers). */
  onScrape(probe: ScrapeProbe): void {
    this.probes.push(probe);
  }

  /** Seconds since `start` (from process.hrtime.bigint()). */
  static secondsSince(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e9;
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text, after every probe has had its go. */
  async scrape(): Promise<string> {
    await Promise.all(this.probes.map((p) => p().catch((e: Error) => this.logger.warn({ msg: 'metrics probe failed', err: e.message }))));
    return this.registry.metrics();
  }
}
