import { Module } from '@nestjs/common';
import { ComplianceCoreModule } from '../compliance-core.module';
import { TargetsModule } from '../targets/targets.module';
import { EhcEvaluationsFromStore } from './ehc-evaluations-from-store';
import { ForecastsRepository } from './forecasts.repository';
import { ForecastsService } from './forecasts.service';
import { KeptForecastsRepository } from './kept-forecasts.repository';

/** Forecasts: capacity, list projections and EHC breach forecasts, from the stored evaluations and the pure libs/rules functions. */
@Module({
  imports: [ComplianceCoreModule, TargetsModule],
  providers: [EhcEvaluationsFromStore, ForecastsRepository, KeptForecastsRepository, ForecastsService],
  exports: [ForecastsService],
})
export class ForecastsModule {}
