// @app/compliance: what the worker computes from the event store and the API serves.
export * from './compliance-core.module';
export * from './common/escape';
export * from './alerts/alert-row';
export * from './alerts/alerts.service';
export * from './alerts/alerts.repository';
export * from './jobs/job-ledger.repository';
export * from './mail/mailer.service';
export * from './milestones/milestone-row';
export * from './milestones/milestones.service';
export * from './milestones/recompute.service';
export * from './milestones/recompute-outbox.repository';
export * from './milestones/event-reader';
export * from './snapshots/snapshot-measures';
export * from './snapshots/snapshots.service';
export * from './staff/staff-directory';
export * from './staff/staff.repository';
export * from './staff/synthetic-staff';
