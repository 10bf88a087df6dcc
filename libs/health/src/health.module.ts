import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { DatabaseUnavailableFilter } from './database-unavailable.filter';
import { HealthController } from './health.controller';
import { DatabaseProbe } from './database-probe';

/**
 * GET /health for any app that has the DataSource and the Redis connection, and the answer every
 * other route gives while the database is away: 503 naming it (DatabaseUnavailableFilter).
 */
@Module({
  controllers: [HealthController],
  providers: [{ provide: APP_FILTER, useClass: DatabaseUnavailableFilter }, DatabaseProbe],
})
export class HealthModule {}
