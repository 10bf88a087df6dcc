import { Module } from '@nestjs/common';
import { ReportsModule } from '@app/compliance';
import { ReportsController } from './reports.controller';

/** GET /v1/reports/...: EHC and stage timeliness, annual reviews, waiting lists, open assessments, trends. */
@Module({
  imports: [ReportsModule],
  controllers: [ReportsController],
})
export class ReportsApiModule {}
