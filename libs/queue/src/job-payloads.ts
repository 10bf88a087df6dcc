// The typed payload of every job, by queue. Dates are Europe/London calendar dates.

/**
 * recompute: cases whose events changed (from the outbox), the nightly pass over every case, or (with
 * nightlyByLa) one LA's share of it; `waiting` marks a split pass whose LA jobs have been added;
 * `all`: every case re-evaluated, not only those whose stored evaluation is due to change.
 */
export type RecomputeJob =
  | { kind: 'cases'; la: string; caseRefs: string[]; lastSeq: string }
  | { kind: 'nightly'; asOf: string; waiting?: boolean; all?: boolean }
  | { kind: 'nightly-la'; la: string; asOf: string; all?: boolean };

/** snapshots: every measure of one LA (or all LAs) stored for a date; the targets, or the forecasts kept, of the date. */
export interface SnapshotJob {
  asOf: string;
  la?: string;
}

/** alerts: move relayed alerts into the inbox; send the day's digests; escalate old overdue alerts. */
export type AlertJob =
  { kind: 'deliver'; la: string; alertIds: string[] } | { kind: 'digest'; la: string; date: string } | { kind: 'escalate'; date: string };

/** summaries: the weekly summary for leaders of one LA and ISO week ('2026-W47'). */
export interface SummaryJob {
  la: string;
  week: string;
}

export interface JobPayloads {
  recompute: RecomputeJob;
  snapshots: SnapshotJob;
  alerts: AlertJob;
  summaries: SummaryJob;
}
