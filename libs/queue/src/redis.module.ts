import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import type IORedis from 'ioredis';
import { AppConfig } from '@app/config';
import { createRedisConnection } from './redis-connection';

export const REDIS = Symbol('REDIS');

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: IORedis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared Redis connection per process, closed on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      // Commands fail fast while Redis is away so health checks answer; queues retry on their own.
      useFactory: (config: AppConfig) => createRedisConnection(config.redisUrl, { maxRetriesPerRequest: 1 }),
    },
    RedisCloser,
  ],
  exports: [REDIS],
})
export class RedisModule {}
