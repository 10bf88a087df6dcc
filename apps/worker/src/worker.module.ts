import { Module } from '@nestjs/common';
import { AppLoggerModule, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { RedisModule } from '@app/queue';

/**
 * The worker process. For now it connects and reports its health; the processors for the
 * queues in @app/queue (recompute, snapshots, alerts, summaries) come with the worker issue.
 */
@Module({ imports: [ConfigModule, AppLoggerModule, DatabaseModule, RedisModule, HealthModule] })
export class WorkerModule {}
