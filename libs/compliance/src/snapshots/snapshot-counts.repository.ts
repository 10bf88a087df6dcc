import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction, ONE_LA_SETTINGS, readTogether } from '@app/database';
import { INTERNAL_TARGET_KINDS, type Histogram, type Pathway, type Period } from '@app/rules';
import { DayCountsRepository, type ReviewCapRule } from '../reports/day-counts.repository';
import type { EhcCountsRow, InclExclCounts, OpenCounts } from '../reports/report-counts';
import {
  EHC_OPEN_SQL,
  EHC_PLANS_SQL,
  EHC_STEPS_SQL,
  GROUPS_SQL,
  LINKS_SQL,
  QS51_SQL,
  REVIEWS_SQL,
  PLACEMENTS_SQL,
  SEN_SUPPORT_SQL,
  TRANSFERS_SQL,
  WAIT_DAYS_SQL,
} from './snapshot-counts.sql';

type Need = { need: string };

export interface StepCountsRow extends InclExclCounts, Need {
  kind: 'decision_to_assess' | 'advice';
  service: string | null;
}

export type OpenCountsRow = Omit<OpenCounts, 'evaluated_later'> & Need;

export interface ReviewCountsRow extends Need {
  meetings_hit: number;
  meetings_all: number;
  decisions_hit: number;
  decisions_all: number;
  completed_hit: number;
  amended_hit: number;
  amended_all: number;
}

export interface WaitDaysRow extends Need {
  pathway: 'slt' | 'neurodevelopmental';
  /** 'w' waiting on asOf, 's' seen in the period. */
  k: 'w' | 's';
  days: number;
  n: number;
}

export interface LinksCounts {
  requests: number;
  /** Days from the earliest SEN support start to the request -> requests. */
  to_request: Histogram;
  /** 'slt:<days>' / 'neurodevelopmental:<days>' -> children at SEN support waiting that long. */
  waiting: Record<string, number>;
  either: number;
}

export interface SenSupportCountsRow extends Need {
  k: 'school' | 'need' | 'started' | 'ended' | 'open' | 'overdue';
  /** The term's position (from 1), null for 'open' and 'overdue'. */
  i: number | null;
  key: string | null;
  n: number;
}

export interface PlacementCountsRow extends Need {
  dim: 'all' | 'provider' | 'reason' | 'commissioner' | 'ended';
  key: string;
  open: number;
  part_time: number;
  past_review: number;
  past_long: number;
  hours: number;
  days: Histogram;
}

/** Everything one LA's snapshot for a date is computed from. */
export interface SnapshotCounts {
  groups: { pathway: Pathway; need: string }[];
  plans: (EhcCountsRow & Need)[];
  steps: StepCountsRow[];
  open: OpenCountsRow[];
  reviews: ReviewCountsRow[];
  transfers: (Need & { state: string; n: number })[];
  waits: WaitDaysRow[];
  qs51: (Need & { within: number; of: number })[];
  links: LinksCounts;
  senSupport: SenSupportCountsRow[];
  placements: PlacementCountsRow[];
}

/** The rules' numbers the counts need (from RULES_TABLE, by the caller). */
export interface SnapshotCountParams {
  period: Period;
  asOf: string;
  timelinessYearMonths: number;
  dueSoonDays: number;
  amendedCapDays: number;
  qs51Months: number;
  /** SEN support's terms, oldest first: each one's start and the day it is counted on. */
  termStarts: string[];
  termCountedOn: string[];
  apFullTimeHours: number;
  apReviewDays: number;
  apLongWithoutReviewDays: number;
  /**
   * The review cap rule of the LA's stored day counts to add its steps up from (DayCountsRepository.byNeed),
   * when they are current (refreshed after its last write); absent: counted from the milestones.
   */
  dayCounts?: ReviewCapRule;
}

/**
 * Reads the counts behind one LA's snapshot from case_evaluations and case_milestones, and its steps
 * by need from its stored day counts when current (never writes).
 */
@Injectable()
export class SnapshotCountsRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly dayCounts: DayCountsRepository,
  ) {}

  async counts(la: string, p: SnapshotCountParams): Promise<SnapshotCounts> {
    const { from } = p.period;
    const asOf = p.asOf;
    // One read-only transaction over one LA's rows (ONE_LA_SETTINGS: no parallel workers),
    // statements in turn on one connection so they see one state of the store.
    const opening = { isolation: 'REPEATABLE READ', local: ONE_LA_SETTINGS } as const;
    return inTransaction(this.db, opening, async (tx) => {
      const q = <T>(sql: string, params: unknown[]): Promise<T> => tx.query(sql, params);
      // The statements that never depend on the stored day counts go as one (readTogether: nine
      // round trips an LA fewer).
      const together = readTogether({
        groups: { sql: GROUPS_SQL, params: [la] },
        plans: { sql: EHC_PLANS_SQL, params: [la, from, asOf, p.timelinessYearMonths] },
        open: { sql: EHC_OPEN_SQL, params: [la, asOf, p.dueSoonDays, INTERNAL_TARGET_KINDS] },
        transfers: { sql: TRANSFERS_SQL, params: [la, from, asOf] },
        waits: { sql: WAIT_DAYS_SQL, params: [la, from, asOf] },
        qs51: { sql: QS51_SQL, params: [la, from, asOf, p.qs51Months] },
        links: { sql: LINKS_SQL, params: [la, from, asOf] },
        senSupport: { sql: SEN_SUPPORT_SQL, params: [la, asOf, p.termStarts, p.termCountedOn] },
        placements: { sql: PLACEMENTS_SQL, params: [la, from, asOf, p.apFullTimeHours, p.apReviewDays, p.apLongWithoutReviewDays] },
      });
      type Read = Omit<SnapshotCounts, 'steps' | 'reviews' | 'links'> & { links: LinksCounts[] };
      const [{ links, ...read }] = await q<Read[]>(together.sql, together.params);
      // Steps done in the period, by need: added up from the LA's stored days when they are counted
      // with this cap rule, else counted from its milestones. A step done stays as it was counted,
      // whatever the date; a phase transfer's state is as of its last evaluation, so the transfers
      // due in the period are always counted here, as of asOf.
      const kept = p.dayCounts ? await this.dayCounts.byNeed(tx, la, from, asOf, p.dayCounts) : null;
      const steps = kept?.steps ?? (await q<StepCountsRow[]>(EHC_STEPS_SQL, [la, from, asOf]));
      const reviews = kept?.reviews ?? (await q<ReviewCountsRow[]>(REVIEWS_SQL, [la, from, asOf, p.amendedCapDays]));
      return { ...read, links: links[0], steps, reviews };
    });
  }
}
