import { Module } from '@nestjs/common';
import { ComplianceCoreModule } from '../compliance-core.module';
import { ForecastsModule } from '../forecasts/forecasts.module';
import { TargetsModule } from '../targets/targets.module';
import { SummariesRepository } from './summaries.repository';
import { SummariesService } from './summaries.service';

/** The weekly summary for leaders; the worker runs it on Mondays, the API serves it. */
@Module({
  imports: [ComplianceCoreModule, TargetsModule, ForecastsModule],
  providers: [SummariesRepository, SummariesService],
  exports: [SummariesService],
})
export class SummariesModule {}
