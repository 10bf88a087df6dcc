import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { WaitingChildrenError, WaitingError, Worker, type Job } from 'bullmq';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/metrics';
import { createRedisConnection, QUEUES, type QueueName } from '@app/queue';
import { AlertsProcessor } from '../processors/alerts.processor';
import { RecomputeProcessor } from '../processors/recompute.processor';
import { SnapshotsProcessor } from '../processors/snapshots.processor';
import { SummariesProcessor } from '../processors/summaries.processor';

/**
 * One BullMQ worker per queue this process takes (WORKER_QUEUES). On shutdown each finishes the
 * job in hand (close waits for it) or, for the nightly pass, returns it to the queue with its
 * progress; a job whose worker died is found stalled once its lock lapses and runs again elsewhere.
 */
@Injectable()
export class QueueWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueWorkers.name);
  private readonly workers: Worker[] = [];
  private readonly connections: ReturnType<typeof createRedisConnection>[] = [];

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly recompute: RecomputeProcessor,
    private readonly alerts: AlertsProcessor,
    private readonly snapshots: SnapshotsProcessor,
    private readonly summaries: SummariesProcessor,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    const handlers: Record<QueueName, (job: Job, token?: string, signal?: AbortSignal) => Promise<unknown>> = {
      [QUEUES.recompute]: (job, token, signal) => this.recompute.process(job, token, signal),
      [QUEUES.alerts]: (job) => this.alerts.process(job),
      [QUEUES.snapshots]: (job) => this.snapshots.process(job),
      [QUEUES.summaries]: (job) => this.summaries.process(job),
    };
    // Only the queues this process is given (WORKER_QUEUES): others are another process's.
    const taken = new Set(this.config.workerQueues.split(','));
    for (const [name, handler] of Object.entries(handlers).filter(([queue]) => taken.has(queue))) {
      const connection = createRedisConnection(this.config.redisUrl);
      this.connections.push(connection);
      // Three parameters, so BullMQ hands each job an abort signal (cancelAllJobs on shutdown).
      const run = (job: Job, token?: string, signal?: AbortSignal) => this.timed(name, () => handler(job, token, signal));
      const worker = new Worker(name, (job: Job, token?: string, signal?: AbortSignal) => run(job, token, signal), {
        connection,
        prefix: this.config.redisPrefix,
        concurrency: this.config.workerConcurrency,
        lockDuration: this.config.queueLockMs,
        stalledInterval: Math.max(1000, Math.floor(this.config.queueLockMs / 2)),
        maxStalledCount: 5,
      });
      worker.on('failed', (job, err) =>
        this.logger.warn({ msg: 'job failed', queue: name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message }),
      );
      worker.on('error', (err) => this.logger.warn({ msg: 'queue worker error', queue: name, err: err.message }));
      this.workers.push(worker);
    }
  }

  /** Runs a job, timing it by outcome; a failed attempt is counted (each retry again). */
  private async timed(queue: string, run: () => Promise<unknown>): Promise<unknown> {
    const start = process.hrtime.bigint();
    try {
      const result = await run();
      this.metrics.jobDuration.observe({ queue, outcome: 'completed' }, Metrics.secondsSince(start));
      return result;
    } catch (e) {
      // A job handed back to the queue on shutdown (WaitingError), or waiting for its children (a
      // nightly pass split by LA), has not failed.
      const handedBack = e instanceof WaitingError || e instanceof WaitingChildrenError;
      this.metrics.jobDuration.observe({ queue, outcome: handedBack ? 'handed_back' : 'failed' }, Metrics.secondsSince(start));
      if (!handedBack) this.metrics.jobFailures.inc({ queue });
      throw e;
    }
  }

  /**
   * Takes no new jobs and waits for those in hand: short jobs finish; a long one (the nightly
   * pass) is told through its abort signal to stop at its next safe point and go back to the queue.
   */
  async onApplicationShutdown(): Promise<void> {
    for (const w of this.workers) w.cancelAllJobs('worker shutting down');
    await Promise.all(this.workers.map((w) => w.close()));
    // BullMQ leaves a connection it was given open: ours to close.
    for (const c of this.connections) c.disconnect();
  }
}
