import { Module } from '@nestjs/common';
import { ComplianceCoreModule } from '../compliance-core.module';
import { ReportsRepository } from './reports.repository';
import { ReportsService } from './reports.service';
import { SchoolReturnsModule } from '../school-returns/school-returns.module';
import { SupportReportsService } from './support-reports.service';

/** The reports API's data (and the dashboard pages'): set-based SQL over stored milestones and snapshots. */
@Module({
  imports: [ComplianceCoreModule, SchoolReturnsModule],
  providers: [ReportsRepository, ReportsService, SupportReportsService],
  exports: [ReportsService, SupportReportsService],
})
export class ReportsModule {}
