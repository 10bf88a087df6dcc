import { Inject, Injectable, Logger } from '@nestjs/common';
import { WaitingChildrenError, WaitingError, type Job } from 'bullmq';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/metrics';
import { AlertsService, JobLedgerRepository, RecomputeService, type PassProgress } from '@app/compliance';
import { EventReader } from '@app/database';
import { periodJobId, QUEUES, type RecomputeJob } from '@app/queue';
import { Queues } from '../queues/queues';
import { WORKER_ID } from './job-context';

type NightlyJob = Job<Extract<RecomputeJob, { kind: 'nightly' }>>;
type NightlyLaJob = Job<Extract<RecomputeJob, { kind: 'nightly-la' }>>;

/** The figures a pass (or one LA's share of it) records; a split pass adds its LAs' up. */
type PassTotals = Omit<PassProgress, 'after' | 'resumeFrom' | 'stopped'>;
const SUMMED: (keyof PassTotals)[] = [
  'evaluated',
  'unchanged',
  'cases',
  'milestones',
  'alertsRaised',
  'alertsCleared',
  'snapshots',
  'lasInFull',
  'lasByChange',
  'verdictsTurned',
  'measuresMs',
  'storeMs',
];

/**
 * The nightly pass. Whole (one job walks every LA) or, with `nightlyByLa`, split: the pass job adds
 * one job per LA with cases (`nightly:805:2026-11-22`) as its BullMQ children and waits; any worker
 * takes any LA, and once the last is done the pass job runs again to escalate, queue the targets and
 * record itself. Either way each job saves its position per chunk and resumes from it after a crash
 * or a shutdown, and the job ledger keeps every job to one run.
 */
@Injectable()
export class NightlyProcessor {
  private readonly logger = new Logger(NightlyProcessor.name);

  constructor(
    private readonly recompute: RecomputeService,
    private readonly alerts: AlertsService,
    private readonly ledger: JobLedgerRepository,
    private readonly queues: Queues,
    private readonly reader: EventReader,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {}

  async pass(job: NightlyJob, token?: string, signal?: AbortSignal): Promise<unknown> {
    const jobId = job.id ?? periodJobId('nightly', 'all', job.data.asOf);
    if (await this.ledger.finished(jobId)) return { skipped: 'already done' };
    let started = new Date();
    let detail: Record<string, unknown>;
    if (this.config.nightlyByLa || job.data.waiting) {
      const totals = await this.splitByLa(job, token);
      started = new Date(job.timestamp); // the pass began when it was queued: its LAs ran in between
      detail = { ...totals, byLa: true };
    } else {
      const { result, resumedFrom } = await this.walk(job, token, signal);
      detail = { ...result, resumedFrom };
    }
    detail.escalated = await this.alerts.escalate(job.data.asOf);
    await this.queues.add(QUEUES.snapshots, 'targets', { asOf: job.data.asOf }, periodJobId('targets', 'all', job.data.asOf));
    // The day's forecasts, made once here from what the pass stored rather than on a first ask.
    await this.queues.add(QUEUES.snapshots, 'forecasts', { asOf: job.data.asOf }, periodJobId('forecasts', 'all', job.data.asOf));
    await this.ledger.record(jobId, QUEUES.recompute, WORKER_ID, started, detail);
    this.metrics.nightlyDuration.observe((Date.now() - started.getTime()) / 1000);
    this.logger.log({ msg: 'nightly recompute done', jobId, ...detail });
    return detail;
  }

  /** One LA's share of a split pass. */
  async oneLa(job: NightlyLaJob, token?: string, signal?: AbortSignal): Promise<unknown> {
    const jobId = job.id ?? periodJobId('nightly', job.data.la, job.data.asOf);
    if (await this.ledger.finished(jobId)) return this.ledgerTotals(jobId);
    const started = new Date();
    const { result, resumedFrom } = await this.walk(job, token, signal, job.data.la);
    const detail = { ...this.totalsOf(result), la: job.data.la, resumedFrom };
    await this.ledger.record(jobId, QUEUES.recompute, WORKER_ID, started, detail);
    return detail;
  }

  /**
   * First run: adds one child job per LA and waits for them (throws WaitingChildrenError). Run again
   * once they are done (or after a crash in between: re-adding is a no-op, and it waits again while
   * any LA is pending): returns their totals. A pass with no cases has no children and ends at once.
   */
  private async splitByLa(job: NightlyJob, token?: string): Promise<PassTotals> {
    if (!token) throw new Error('a split nightly pass needs a worker token to wait for its LAs');
    if (!job.data.waiting) {
      const las = await this.reader.laCodesWithCases();
      await this.queues.addChildren(
        QUEUES.recompute,
        las.map((la) => ({
          name: 'nightly-la',
          data: { kind: 'nightly-la' as const, la, asOf: job.data.asOf, all: job.data.all },
          jobId: periodJobId('nightly', la, job.data.asOf),
        })),
        { id: job.id as string, queue: job.queueQualifiedName },
      );
      await job.updateData({ ...job.data, waiting: true });
      this.logger.log({ msg: 'nightly recompute split by LA', jobId: job.id, las: las.length });
    }
    if (await job.moveToWaitingChildren(token)) throw new WaitingChildrenError();
    const totals = this.totalsOf({});
    const children = Object.values(await job.getChildrenValues<Partial<PassTotals>>());
    for (const child of children) for (const k of SUMMED) totals[k] += Number(child?.[k] ?? 0);
    return { ...totals, las: children.length } as PassTotals;
  }

  /**
   * Streams the cases (of one LA, or all) from the job's saved position. Stopped by shutdown, the
   * job goes back to the queue with its progress (WaitingError) for any worker to go on.
   */
  private async walk(job: Job<RecomputeJob>, token: string | undefined, signal: AbortSignal | undefined, onlyLa?: string) {
    const { asOf, all } = job.data as { asOf: string; all?: boolean };
    const saved = job.progress as Partial<PassProgress> | number;
    const after = typeof saved === 'object' && saved ? (saved.resumeFrom ?? saved.after) : undefined;
    const result = await this.recompute.recomputeAll(asOf, {
      after,
      onlyLa,
      all,
      chunkSize: this.config.nightlyChunkCases,
      onProgress: (p) => job.updateProgress({ ...p }),
      signal,
    });
    if (result.stopped) {
      // Not finished, so never recorded as done: back to the queue, or failed and retried.
      this.logger.log({ msg: 'nightly recompute handed back to the queue', jobId: job.id, resumeFrom: result.resumeFrom });
      if (!token) throw new Error('nightly recompute stopped by shutdown before the end');
      await job.moveToWait(token);
      throw new WaitingError();
    }
    return { result, resumedFrom: after ?? null };
  }

  private totalsOf(p: Partial<PassTotals>): PassTotals {
    return Object.fromEntries(SUMMED.map((k) => [k, p[k] ?? 0])) as unknown as PassTotals;
  }

  /** An LA job that ran before (its Redis record lost): its stored totals, so the pass still adds them up. */
  private async ledgerTotals(jobId: string): Promise<PassTotals & { skipped: string }> {
    const [run] = await this.ledger.list(jobId);
    return { ...this.totalsOf((run?.detail ?? {}) as Partial<PassTotals>), skipped: 'already done' };
  }
}
