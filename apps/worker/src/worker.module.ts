import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { ComplianceCoreModule, ForecastsModule, SummariesModule, TargetsModule } from '@app/compliance';
import { AppLoggerModule, ConfigModule } from '@app/config';
import { DatabaseModule } from '@app/database';
import { HealthModule } from '@app/health';
import { MetricsModule } from '@app/metrics';
import { RedisModule } from '@app/queue';
import { WorkerProbes } from './metrics/worker-probes';
import { OutboxListener } from './outbox/outbox-listener';
import { OutboxRelay } from './outbox/outbox-relay';
import { AlertsProcessor } from './processors/alerts.processor';
import { NightlyProcessor } from './processors/nightly.processor';
import { RecomputeProcessor } from './processors/recompute.processor';
import { SnapshotsProcessor } from './processors/snapshots.processor';
import { SummariesProcessor } from './processors/summaries.processor';
import { QueueWorkers } from './queues/queue-workers';
import { Queues } from './queues/queues';
import { Schedules } from './schedules/schedules';

/**
 * The worker process: relays the outboxes into BullMQ, runs the processors of every queue and
 * ticks the schedules. The work itself lives in @app/compliance; this app only wires it to queues.
 */
@Module({
  imports: [
    ConfigModule,
    AppLoggerModule,
    DatabaseModule,
    RedisModule,
    HealthModule,
    MetricsModule,
    ScheduleModule.forRoot(),
    ComplianceCoreModule,
    TargetsModule,
    ForecastsModule,
    SummariesModule,
  ],
  providers: [
    Queues,
    QueueWorkers,
    OutboxRelay,
    OutboxListener,
    Schedules,
    RecomputeProcessor,
    NightlyProcessor,
    AlertsProcessor,
    SnapshotsProcessor,
    SummariesProcessor,
    WorkerProbes,
  ],
  exports: [Queues, OutboxRelay, Schedules],
})
export class WorkerModule {}
