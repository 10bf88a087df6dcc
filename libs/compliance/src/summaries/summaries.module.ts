import { Module } from '@nestjs/common';
import { ComplianceCoreModule } from '../compliance-core.module';
import { TargetsModule } from '../targets/targets.module';
import { SummariesRepository } from './summaries.repository';
import { SummariesService } from './summaries.service';

/** The weekly summary for leaders; the worker runs it on Mondays, the API serves it. */
@Module({
  imports: [ComplianceCoreModule, TargetsModule],
  providers: [SummariesRepository, SummariesService],
  exports: [SummariesService],
})
export class SummariesModule {}
