import { Queue, type DefaultJobOptions } from 'bullmq';
import type IORedis from 'ioredis';
import type { JobPayloads } from './job-payloads';
import type { QueueName } from './queue-names';

/** Retries with exponential backoff; finished jobs are kept a while so period ids stay deduped. */
export const DEFAULT_JOB_OPTIONS: DefaultJobOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 8 * 24 * 3600, count: 50000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export type TypedQueue<N extends QueueName> = Queue<JobPayloads[N], unknown, string>;

/** A producer for one queue, on the given connection, under the deployment's key prefix. */
export function createQueue<N extends QueueName>(name: N, connection: IORedis, prefix: string): TypedQueue<N> {
  return new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS }) as TypedQueue<N>;
}
