import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobLedgerRepository, SummariesService } from '@app/compliance';
import { QUEUES, type SummaryJob } from '@app/queue';
import { WORKER_ID } from './job-context';

/** summaries: the weekly summary of one LA, built, stored and mailed to its leaders once. */
@Injectable()
export class SummariesProcessor {
  constructor(
    private readonly summaries: SummariesService,
    private readonly ledger: JobLedgerRepository,
  ) {}

  async process(job: Job<SummaryJob>): Promise<unknown> {
    const jobId = job.id as string;
    if (await this.ledger.finished(jobId)) return { skipped: 'already done' };
    const started = new Date();
    const detail = await this.summaries.runWeekly(job.data.la, job.data.week);
    await this.ledger.record(jobId, QUEUES.summaries, WORKER_ID, started, { ...detail });
    return detail;
  }
}
