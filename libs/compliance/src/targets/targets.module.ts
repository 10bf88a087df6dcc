import { Module } from '@nestjs/common';
import { ComplianceCoreModule } from '../compliance-core.module';
import { TargetsRepository } from './targets.repository';
import { TargetsService } from './targets.service';

/** Targets and their nightly statuses; the API serves them, the worker recomputes statuses. */
@Module({
  imports: [ComplianceCoreModule],
  providers: [TargetsRepository, TargetsService],
  exports: [TargetsService],
})
export class TargetsModule {}
