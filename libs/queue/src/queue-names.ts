/** Every BullMQ queue the system has, in one list (the worker issue fills in the processors). */
export const QUEUES = {
  recompute: 'recompute',
  snapshots: 'snapshots',
  alerts: 'alerts',
  summaries: 'summaries',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];
