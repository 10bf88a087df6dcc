import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { AlertsService, JobLedgerRepository } from '@app/compliance';
import { QUEUES, type AlertJob } from '@app/queue';
import { WORKER_ID } from './job-context';

/** alerts: into the inbox (deliver), the caseworkers' daily digest, escalations. */
@Injectable()
export class AlertsProcessor {
  constructor(
    private readonly alerts: AlertsService,
    private readonly ledger: JobLedgerRepository,
  ) {}

  async process(job: Job<AlertJob>): Promise<unknown> {
    const data = job.data;
    if (data.kind === 'deliver') return { delivered: await this.alerts.deliver(data.la, data.alertIds) };
    const jobId = job.id as string;
    if (await this.ledger.finished(jobId)) return { skipped: 'already done' };
    const started = new Date();
    const detail =
      data.kind === 'digest'
        ? { mailed: await this.alerts.sendDigests(data.la, data.date) }
        : { escalated: await this.alerts.escalate(data.date) };
    await this.ledger.record(jobId, QUEUES.alerts, WORKER_ID, started, detail);
    return detail;
  }
}
