import IORedis, { type RedisOptions } from 'ioredis';

/**
 * The one way to open a Redis connection. BullMQ workers need maxRetriesPerRequest: null so a
 * blocking command waits out a Redis restart instead of failing the job.
 */
export function createRedisConnection(redisUrl: string, options: RedisOptions = {}): IORedis {
  return new IORedis(redisUrl, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    ...options,
  });
}

/** Answers PONG within the timeout or throws: used by the health checks. */
export async function pingRedis(redis: IORedis, timeoutMs = 1000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([redis.ping(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
