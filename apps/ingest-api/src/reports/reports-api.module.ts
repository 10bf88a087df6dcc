import { Module } from '@nestjs/common';
import { ForecastsModule, ReportsModule } from '@app/compliance';
import { ForecastsController } from './forecasts.controller';
import { ReportsController } from './reports.controller';

/**
 * GET /v1/reports/...: EHC and stage timeliness, annual reviews, waiting lists, open assessments,
 * trends; capacity, projections and EHC forecasts.
 */
@Module({
  imports: [ReportsModule, ForecastsModule],
  controllers: [ReportsController, ForecastsController],
})
export class ReportsApiModule {}
