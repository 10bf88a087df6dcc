import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { AppConfig, Clock } from '@app/config';
import { AlertsService, weekOfDate } from '@app/compliance';
import { EventReader } from '@app/database';
import { periodJobId, QUEUES } from '@app/queue';
import { Queues } from '../queues/queues';

const LONDON = 'Europe/London';

/**
 * The clock (times from config, Europe/London). Every worker instance ticks; a tick only adds jobs whose ids name their period, so
 * however many instances run, each period's job runs once.
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(Schedules.name);

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly queues: Queues,
    private readonly reader: EventReader,
    private readonly alerts: AlertsService,
    private readonly registry: SchedulerRegistry,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.schedulesEnabled) return;
    const today = () => this.clock.todayInLondon();
    this.every('nightly', this.config.nightlyCron, () => this.enqueueNightly(today()));
    this.every('digests', this.config.digestCron, () => this.enqueueDigests(today()));
    this.every('weekly-summary', this.config.weeklySummaryCron, () => this.enqueueWeeklySummaries(today()));
  }

  async enqueueNightly(asOf: string): Promise<string> {
    const jobId = periodJobId('nightly', 'all', asOf);
    await this.queues.add(QUEUES.recompute, 'nightly', { kind: 'nightly', asOf }, jobId);
    return jobId;
  }

  async enqueueDigests(on: string): Promise<string[]> {
    const ids: string[] = [];
    for (const la of await this.alerts.lasWithUndigested()) {
      const jobId = periodJobId('digest', la, on);
      await this.queues.add(QUEUES.alerts, 'digest', { kind: 'digest', la, date: on }, jobId);
      ids.push(jobId);
    }
    return ids;
  }

  async enqueueWeeklySummaries(on: string): Promise<string[]> {
    const week = weekOfDate(on);
    const ids: string[] = [];
    for (const la of await this.reader.laCodesWithCases()) {
      const jobId = periodJobId('weekly-summary', la, week);
      await this.queues.add(QUEUES.summaries, 'weekly-summary', { la, week }, jobId);
      ids.push(jobId);
    }
    return ids;
  }

  private every(name: string, cronTime: string, work: () => Promise<unknown>): void {
    const job = CronJob.from({ cronTime, timeZone: LONDON, onTick: () => this.guard(name, work), waitForCompletion: true });
    this.registry.addCronJob(name, job);
    job.start();
  }

  private async guard(name: string, work: () => Promise<unknown>): Promise<void> {
    try {
      const result = await work();
      this.logger.log({ msg: 'scheduled jobs enqueued', schedule: name, result });
    } catch (e) {
      // The next instance's tick, or the next period, tries again; ids keep it to one run.
      this.logger.error({ msg: 'could not enqueue scheduled jobs', schedule: name, err: (e as Error).message });
    }
  }
}
