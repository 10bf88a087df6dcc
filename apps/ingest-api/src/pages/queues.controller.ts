import { Controller, Get, HttpCode, Param, Post, Query, Redirect, Render, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { QUEUES, QueueActionError, QueueAdminService, type QueueName } from '@app/queue';
import { Audited } from '../audit/audited.decorator';
import { setAuditDetail } from '../audit/audit-detail';
import { QUEUES_PATH, queuesView, type QueuesView } from './queues.view';

const QUEUE_NAMES = Object.values(QUEUES);
/** BullMQ job ids here: numbers, or kind:scope:period ('nightly:all:2026-11-22', 'deliver:850:4-9'). */
const JOB_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

class JobParams {
  @IsIn(QUEUE_NAMES, { message: `queue must be one of ${QUEUE_NAMES.join(', ')}` })
  queue: QueueName;

  @Matches(JOB_ID, { message: 'id is not a job id' })
  id: string;
}

class QueuesQuery {
  @IsOptional()
  @IsIn(['retried', 'removed', 'not-failed', 'not-found'])
  done?: 'retried' | 'removed' | 'not-failed' | 'not-found';

  @IsOptional()
  @IsIn(QUEUE_NAMES)
  queue?: string;

  @IsOptional()
  @Matches(JOB_ID)
  job?: string;
}

/**
 * GET /admin/queues and the retry and remove buttons of failed jobs: administrators only (no
 * @Roles: the guard's default). Each action is a POST form, which the guard refuses from another
 * site, and is recorded in the audit log with its queue, job and outcome.
 */
/** Where a form's POST sends the browser next (Nest's @Redirect answer; 303 by @HttpCode, so the audit records it). */
interface Redirection {
  url: string;
}

@ApiExcludeController()
@Controller('admin/queues')
export class QueuesPageController {
  constructor(private readonly queues: QueueAdminService) {}

  @Get()
  @Render('queues')
  async page(@Query() q: QueuesQuery): Promise<QueuesView> {
    return queuesView(await this.queues.overview(), q);
  }

  // @Redirect, not res.redirect: the answer then waits for the audit interceptor's record.
  @Post(':queue/jobs/:id/retry')
  @Audited('queue.job.retry')
  @Redirect(QUEUES_PATH, 303)
  @HttpCode(303)
  retry(@Param() p: JobParams, @Res({ passthrough: true }) res: Response): Promise<Redirection> {
    return this.act('retried', p, res, () => this.queues.retry(p.queue, p.id));
  }

  @Post(':queue/jobs/:id/remove')
  @Audited('queue.job.remove')
  @Redirect(QUEUES_PATH, 303)
  @HttpCode(303)
  remove(@Param() p: JobParams, @Res({ passthrough: true }) res: Response): Promise<Redirection> {
    return this.act('removed', p, res, () => this.queues.remove(p.queue, p.id));
  }

  /** Does it, or finds it already done by someone else; either way back to the page, saying which. */
  private async act(done: 'retried' | 'removed', p: JobParams, res: Response, work: () => Promise<unknown>): Promise<Redirection> {
    let outcome: QueuesQuery['done'] = done;
    try {
      await work();
    } catch (e) {
      if (!(e instanceof QueueActionError)) throw e;
      outcome = e.kind;
    }
    setAuditDetail(res, { queue: p.queue, jobId: p.id, outcome });
    const back = new URLSearchParams({ done: outcome, queue: p.queue, job: p.id });
    return { url: `${QUEUES_PATH}?${back.toString()}#queue-${p.queue}` };
  }
}
