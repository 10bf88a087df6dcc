import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, type Job } from 'bullmq';
import type IORedis from 'ioredis';
import { AppConfig } from '@app/config';
import { QUEUES, type QueueName } from './queue-names';
import { REDIS } from './redis.module';

/** The states an administrator sees, in the order the page lists them. */
export const ADMIN_STATES = ['failed', 'waiting', 'active', 'delayed'] as const;
export type AdminState = (typeof ADMIN_STATES)[number];

/** One job as the page shows it: what it is and how it went, never its payload (it names cases). */
export interface JobSummary {
  id: string;
  name: string;
  attemptsMade: number;
  /** Why it last failed, cut to 300 characters. */
  failedReason: string | null;
  queuedAt: Date;
  finishedAt: Date | null;
}

export interface QueueOverview {
  queue: QueueName;
  counts: Record<AdminState, number>;
  /** The newest jobs of each state, up to the page's limit. */
  jobs: Record<AdminState, JobSummary[]>;
}

/** Why a retry or removal could not be done: no such job, or it is not failed. */
export class QueueActionError extends Error {
  constructor(
    readonly kind: 'not-found' | 'not-failed',
    message: string,
  ) {
    super(message);
  }
}

const summary = (job: Job): JobSummary => ({
  id: job.id ?? '',
  name: job.name,
  attemptsMade: job.attemptsMade,
  failedReason: job.failedReason ? job.failedReason.slice(0, 300) : null,
  queuedAt: new Date(job.timestamp),
  finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
});

/**
 * Every queue's jobs for an administrator, on BullMQ's own API: counts and the newest jobs by
 * state, and retry or removal of a failed job. Only failed jobs may be retried or removed: a job
 * waiting or running belongs to the workers.
 */
@Injectable()
export class QueueAdminService implements OnApplicationShutdown {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(@Inject(REDIS) connection: IORedis, @Inject(AppConfig) config: AppConfig) {
    for (const name of Object.values(QUEUES)) {
      const queue = new Queue(name, { connection, prefix: config.redisPrefix });
      // Redis away: the page's own request fails and says so; an unheard 'error' event would end the process.
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
  }

  isQueue(name: string): name is QueueName {
    return this.queues.has(name as QueueName);
  }

  async overview(perState = 20): Promise<QueueOverview[]> {
    return Promise.all(
      [...this.queues].map(async ([queue, q]) => {
        const raw = await q.getJobCounts(...ADMIN_STATES);
        const counts = Object.fromEntries(ADMIN_STATES.map((s) => [s, raw[s] ?? 0])) as Record<AdminState, number>;
        const lists = await Promise.all(ADMIN_STATES.map((s) => (counts[s] ? q.getJobs([s], 0, perState - 1) : Promise.resolve([]))));
        const jobs = Object.fromEntries(ADMIN_STATES.map((s, i) => [s, lists[i].filter(Boolean).map(summary)])) as Record<
          AdminState,
          JobSummary[]
        >;
        return { queue, counts, jobs };
      }),
    );
  }

  /** Sends a failed job back to the queue for another go (its attempts start again). */
  async retry(queue: QueueName, jobId: string): Promise<JobSummary> {
    const job = await this.failedJob(queue, jobId);
    await job.retry('failed', { resetAttemptsMade: true });
    return summary(job);
  }

  /** Removes a failed job for good. */
  async remove(queue: QueueName, jobId: string): Promise<JobSummary> {
    const job = await this.failedJob(queue, jobId);
    await job.remove();
    return summary(job);
  }

  private async failedJob(queue: QueueName, jobId: string): Promise<Job> {
    const job = await this.queues.get(queue)!.getJob(jobId);
    if (!job) throw new QueueActionError('not-found', `no job ${jobId} in the ${queue} queue`);
    const state = await job.getState();
    if (state !== 'failed') throw new QueueActionError('not-failed', `job ${jobId} in the ${queue} queue is ${state}, not failed`);
    return job;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }
}
