import { Module } from '@nestjs/common';
import { ComplianceCoreModule } from '../compliance-core.module';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';

/** The reports API's data (and the dashboard pages'): set-based SQL over stored milestones and snapshots. */
@Module({
  imports: [ComplianceCoreModule],
  providers: [ReportsRepository, ReportsService],
  exports: [ReportsService],
})
export class ReportsModule {}
