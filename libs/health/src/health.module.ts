import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';

/** GET /health for any app that has the DataSource and the Redis connection. */
@Module({ controllers: [HealthController] })
export class HealthModule {}
