// What the SEN support and alternative provision reports answer (JSON; CSV in support-report-csv.ts).
import type { AlternativeProvisionMeasures, SenSupportLinks, SenSupportTrends, Share } from '@app/rules';

export interface SenSupportReport {
  la: string;
  asOf: string;
  /** The nightly snapshot the figures come from (the latest on or before asOf); null when none. */
  snapshotOn: string | null;
  open: number;
  reviewOverdue: Share;
  /** Oldest term first; the last is the current term, counted on the snapshot's date. */
  terms: { term: string; countedOn: string; atSupport: number; started: number; ended: number; endedByReason: Record<string, number> }[];
  /** Pupils at SEN support on each term's count day, by primary need (terms in the order above). */
  byNeed: { needCode: string; counts: number[] }[];
  /** Every school on the LA's list or seen in a term: its counts by term, now, and reviews overdue now. */
  schools: { schoolUrn: string; counts: number[]; atSupport: number; reviewOverdue: number }[];
  trends: SenSupportTrends;
  links: SenSupportLinks | null;
  /** The trend test and its settings (rules table, senSupport.*). */
  method: { test: string; historyTerms: number; minHistoryTerms: number; significancePercent: number; needRisingPercent: number };
}

export interface AlternativeProvisionReport {
  la: string;
  asOf: string;
  snapshotOn: string | null;
  thresholds: { reviewWeeks: number; longWithoutReviewWeeks: number; fullTimeHours: number };
  placements: AlternativeProvisionMeasures | null;
}
