import { Module } from '@nestjs/common';
import { EventStoreModule } from '@app/database';
import { MetricsModule } from '@app/metrics';
import { AlertsRepository } from './alerts/alerts.repository';
import { AlertsService } from './alerts/alerts.service';
import { StageDistributionsFromStore } from './forecasts/stage-distributions-from-store';
import { StageDistributionsRepository } from './forecasts/stage-distributions.repository';
import { JobLedgerRepository } from './jobs/job-ledger.repository';
import { MailerService } from './mail/mailer.service';
import { MilestonesRepository } from './milestones/milestones.repository';
import { MilestonesService } from './milestones/milestones.service';
import { PassStateRepository } from './milestones/pass-state.repository';
import { RecomputeOutboxRepository } from './milestones/recompute-outbox.repository';
import { RecomputeService } from './milestones/recompute.service';
import { OpenCountsRepository } from './reports/open-counts.repository';
import { DayCountsRepository } from './reports/day-counts.repository';
import { WaitingListCountsRepository } from './reports/waiting-list-counts.repository';
import { SnapshotCountsRepository } from './snapshots/snapshot-counts.repository';
import { SnapshotsRepository } from './snapshots/snapshots.repository';
import { SnapshotsService } from './snapshots/snapshots.service';
import { StoredMeasures } from './snapshots/stored-measures';
import { StaffRepository } from './staff/staff.repository';

/**
 * What the worker computes and the API serves: milestones, alerts, snapshots, staff, the job
 * ledger, mail and each LA's EHC stage durations (ehc_stage_distributions, which the nightly
 * pass refreshes). Needs ConfigModule and DatabaseModule from the app.
 */
@Module({
  // MetricsModule is global and one per app: importing it here serves the CLI and test contexts too.
  imports: [EventStoreModule, MetricsModule],
  providers: [
    AlertsRepository,
    AlertsService,
    JobLedgerRepository,
    MailerService,
    MilestonesRepository,
    MilestonesService,
    OpenCountsRepository,
    PassStateRepository,
    RecomputeOutboxRepository,
    RecomputeService,
    DayCountsRepository,
    WaitingListCountsRepository,
    SnapshotCountsRepository,
    SnapshotsRepository,
    SnapshotsService,
    StaffRepository,
    StageDistributionsFromStore,
    StageDistributionsRepository,
    StoredMeasures,
  ],
  exports: [
    AlertsService,
    JobLedgerRepository,
    MailerService,
    MilestonesService,
    OpenCountsRepository,
    PassStateRepository,
    RecomputeOutboxRepository,
    RecomputeService,
    DayCountsRepository,
    WaitingListCountsRepository,
    SnapshotsService,
    StaffRepository,
    StageDistributionsFromStore,
    StageDistributionsRepository,
    EventStoreModule,
  ],
})
export class ComplianceCoreModule {}
