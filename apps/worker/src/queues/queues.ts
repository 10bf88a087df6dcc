import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { AppConfig } from '@app/config';
import { createQueue, createRedisConnection, QUEUES, type JobPayloads, type QueueName, type TypedQueue } from '@app/queue';

/**
 * The producers of every queue, on one connection that fails fast while Redis is away (no
 * offline queue): the outbox relays then keep their rows and try again, nothing waits in memory.
 */
@Injectable()
export class Queues implements OnApplicationShutdown {
  readonly connection: IORedis;
  private readonly queues = new Map<QueueName, TypedQueue<QueueName>>();

  constructor(@Inject(AppConfig) readonly config: AppConfig) {
    this.connection = createRedisConnection(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.connection.on('error', () => undefined); // reported by health checks and failed adds
    for (const name of Object.values(QUEUES)) this.queues.set(name, createQueue(name, this.connection, config.redisPrefix));
  }

  get<N extends QueueName>(name: N): TypedQueue<N> {
    return this.queues.get(name) as unknown as TypedQueue<N>;
  }

  /** Adds a job whose id makes a second add a no-op. */
  async add<N extends QueueName>(name: N, jobName: string, data: JobPayloads[N], jobId: string): Promise<void> {
    await (this.get(name) as TypedQueue<QueueName>).add(jobName, data as JobPayloads[QueueName], { jobId });
  }

  /**
   * Adds a job unless one with the same `key` is waiting (it will run after this add, so it sees what
   * this one would); while one runs, one more is kept for after it (BullMQ's keepLastIfActive), under
   * the last add's `jobId`. A burst of adds makes at most one run now and one after. With `delayMs`
   * each job waits that long first (the one kept for after a run, from the run's end), so a steady
   * stream of adds makes one run a delay.
   */
  async addCoalesced<N extends QueueName>(
    name: N,
    jobName: string,
    data: JobPayloads[N],
    jobId: string,
    key: string,
    delayMs = 0,
  ): Promise<void> {
    await (this.get(name) as TypedQueue<QueueName>).add(jobName, data as JobPayloads[QueueName], {
      jobId,
      deduplication: { id: key, keepLastIfActive: true },
      delay: delayMs, // 0: waits for nothing (BullMQ delays only above 0)
    });
  }

  async addBulk<N extends QueueName>(name: N, jobs: { name: string; data: JobPayloads[N]; jobId: string }[]): Promise<void> {
    if (!jobs.length) return;
    await (this.get(name) as TypedQueue<QueueName>).addBulk(
      jobs.map((j) => ({ name: j.name, data: j.data as JobPayloads[QueueName], opts: { jobId: j.jobId } })),
    );
  }

  /** Adds jobs as children of `parent` (BullMQ moves it back to wait once they are all done); ids dedupe as in `add`. */
  async addChildren<N extends QueueName>(
    name: N,
    jobs: { name: string; data: JobPayloads[N]; jobId: string }[],
    parent: { id: string; queue: string },
  ): Promise<void> {
    if (!jobs.length) return;
    await (this.get(name) as TypedQueue<QueueName>).addBulk(
      jobs.map((j) => ({ name: j.name, data: j.data as JobPayloads[QueueName], opts: { jobId: j.jobId, parent } })),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
    this.connection.disconnect();
  }
}
