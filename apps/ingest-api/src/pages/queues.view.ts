// The queue admin page (views/queues.njk): each queue's counts, its failed jobs with retry and
// remove, and the newest waiting, running and delayed jobs. Built from QueueAdminService's answer.
import { ADMIN_STATES, type AdminState, type JobSummary, type QueueOverview } from '@app/queue';
import { formatInstant, plural } from './format';

export const QUEUES_PATH = '/admin/queues';

/** What each queue is for, in words. */
const QUEUE_PURPOSE: Record<string, string> = {
  recompute: 'Recomputes cases after new events, and the nightly pass over every case.',
  alerts: 'Puts alerts in inboxes, sends the daily digests and escalates overdue alerts.',
  snapshots: 'Stores the daily measures and each target’s status.',
  summaries: 'Builds and mails the weekly summary for leaders.',
};

const STATE_WORDS: Record<AdminState, string> = { failed: 'Failed', waiting: 'Waiting', active: 'Running', delayed: 'Retrying later' };

type Cell = { text: string; format?: 'numeric' } | { html: string };
type Row = { key: { text: string }; value: { text: string } };

export interface Notice {
  kind: 'success' | 'important';
  text: string;
}

/** A failed job as a summary card: what it is, when and why it failed, and its two buttons. */
export interface FailedJobCard {
  id: string;
  anchor: string;
  rows: Row[];
  retryAction: string;
  removeAction: string;
}

export interface QueuesView {
  pageTitle: string;
  lead: string;
  notice?: Notice;
  overview: { head: Cell[]; rows: Cell[][] };
  queues: {
    id: string;
    title: string;
    purpose: string;
    failedHeading: string;
    failed: FailedJobCard[];
    others: { state: string; head: Cell[]; rows: Cell[][]; caption: string }[];
  }[];
}

export interface QueuesNoticeInput {
  done?: 'retried' | 'removed' | 'not-failed' | 'not-found';
  queue?: string;
  job?: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function noticeOf(n: QueuesNoticeInput): Notice | undefined {
  if (!n.done || !n.queue || !n.job) return undefined;
  const job = `Job ${n.job} in the ${n.queue} queue`;
  switch (n.done) {
    case 'retried':
      return { kind: 'success', text: `${job} was sent back to the queue to run again.` };
    case 'removed':
      return { kind: 'success', text: `${job} was removed.` };
    case 'not-failed':
      return { kind: 'important', text: `${job} is no longer failed (someone may have retried it), so nothing was done.` };
    case 'not-found':
      return { kind: 'important', text: `${job} is no longer there, so nothing was done.` };
  }
}

const TITLES: Record<string, string> = { recompute: 'Recompute', alerts: 'Alerts', snapshots: 'Snapshots', summaries: 'Summaries' };

function failedCard(queue: string, j: JobSummary): FailedJobCard {
  const base = `${QUEUES_PATH}/${encodeURIComponent(queue)}/jobs/${encodeURIComponent(j.id)}`;
  return {
    id: j.id,
    anchor: `job-${queue}-${j.id.replace(/[^A-Za-z0-9_-]/g, '_')}`,
    rows: [
      { key: { text: 'Kind' }, value: { text: j.name } },
      { key: { text: 'Failed' }, value: { text: formatInstant(j.finishedAt) } },
      { key: { text: 'Attempts' }, value: { text: String(j.attemptsMade) } },
      { key: { text: 'Reason' }, value: { text: j.failedReason ?? 'No reason recorded' } },
    ],
    retryAction: `${base}/retry`,
    removeAction: `${base}/remove`,
  };
}

/** ', the newest 20 shown' when the page lists fewer jobs than there are. */
const shown = (count: number, listed: number): string => (count > listed ? `, the newest ${listed} shown` : '');

export function queuesView(overview: QueueOverview[], notice: QueuesNoticeInput): QueuesView {
  return {
    pageTitle: 'Queues',
    lead:
      'The background work of the monitor. A failed job has used up its retries: fix the cause (see the reason), ' +
      'then retry it, or remove it if it is no longer needed. Every retry and removal is recorded in the audit log.',
    notice: noticeOf(notice),
    overview: {
      head: [{ text: 'Queue' }, ...ADMIN_STATES.map((s) => ({ text: STATE_WORDS[s], format: 'numeric' as const }))],
      rows: overview.map((q) => [
        { html: `<a class="govuk-link" href="#queue-${q.queue}">${TITLES[q.queue] ?? q.queue}</a>` },
        ...ADMIN_STATES.map((s) => ({ text: String(q.counts[s]), format: 'numeric' as const })),
      ]),
    },
    queues: overview.map((q) => ({
      id: `queue-${q.queue}`,
      title: TITLES[q.queue] ?? q.queue,
      purpose: QUEUE_PURPOSE[q.queue] ?? '',
      failedHeading: q.counts.failed
        ? `${plural(q.counts.failed, 'failed job')}${shown(q.counts.failed, q.jobs.failed.length)}`
        : 'No failed jobs',
      failed: q.jobs.failed.map((j) => failedCard(q.queue, j)),
      others: (['active', 'waiting', 'delayed'] as const)
        .filter((s) => q.jobs[s].length)
        .map((s) => ({
          state: STATE_WORDS[s],
          caption: `${STATE_WORDS[s]}: ${plural(q.counts[s], 'job')}${shown(q.counts[s], q.jobs[s].length)}`,
          head: [{ text: 'Job' }, { text: 'Kind' }, { text: 'Queued' }],
          rows: q.jobs[s].map((j) => [
            { html: `<span class="app-job-id">${escapeHtml(j.id)}</span>` },
            { text: j.name },
            { text: formatInstant(j.queuedAt) },
          ]),
        })),
    })),
  };
}
