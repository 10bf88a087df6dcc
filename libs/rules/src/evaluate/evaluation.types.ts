// What evaluating a case returns: the pathway's status and every milestone with its state.
import type {
  AdviceService,
  ApCommissioner,
  ApPlacementReason,
  ApProviderKind,
  ExceptionReason,
  IsoDate,
  NeedCode,
  Pathway,
  SupportEndReason,
} from '../contract';
import type { RulePath } from '../table';

/**
 * met      done on or before dueOn
 * missed   done after dueOn
 * pending  not done and asOf <= dueOn
 * overdue  not done and asOf > dueOn
 * exempt   an exception lifted the time limit (dueOn and doneOn are kept so the work stays visible)
 */
export type MilestoneState = 'met' | 'missed' | 'pending' | 'overdue' | 'exempt';

export const MILESTONE_KINDS = [
  // ehc_assessment
  'decision_to_assess',
  'advice',
  'notice_not_to_issue',
  'draft_plan',
  'final_plan',
  'reassessment_decision',
  'reassessment_final_plan',
  // annual_review
  'review_meeting',
  'review_report',
  'review_decision',
  'amended_plan',
  'phase_transfer',
  // slt, neurodevelopmental
  'first_contact',
  'assessment_started',
  // sen_support
  'support_review',
  // alternative_provision
  'placement_review',
] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** An exception the LA reports (SEN2 Week20) without its reason: recorded as such, never as a regulation's exception. */
export const REPORTED_EXCEPTION = 'reported_by_la';

export interface Milestone {
  /** Unique in the case: 'final_plan', 'advice.ep', 'review_meeting.2'. */
  key: string;
  kind: MilestoneKind;
  /** The day the step's clock started (request, advice request, meeting, notice, referral...). */
  clockFrom: IsoDate;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
  state: MilestoneState;
  /** The rules-table setting that fixed dueOn. */
  rule: RulePath;
  service?: AdviceService;
  /** Review cycle (1 = first review after the plan was issued). */
  cycle?: number;
  /** The exception that lifted the limit; `reported_by_la` when only the LA's report of one does (SEN2 Week20). */
  exceptionReason?: ExceptionReason | typeof REPORTED_EXCEPTION;
  exceptionEventId?: string;
  /**
   * false for an internal target that no regulation sets (the 16-week draft plan, CoP 9.77 and its
   * flowchart): shown as a reminder, never counted as a statutory breach or escalated.
   */
  statutory: boolean;
}

/** Milestone kinds that are internal targets, not statutory limits (reports' SQL filters on these). */
export const INTERNAL_TARGET_KINDS: readonly MilestoneKind[] = ['draft_plan', 'support_review', 'placement_review'];

export type ProceduralConcernKind = 'final_within_representation_period';

/**
 * A step done in a way the regulations do not allow, whatever its timeliness: shown to the
 * caseworker, never counted as lateness.
 */
export interface ProceduralConcern {
  kind: ProceduralConcernKind;
  /** The milestone the concern is about ('final_plan'). */
  milestoneKey: string;
  /** The rules-table setting broken. */
  rule: RulePath;
  /** The event that raised it. */
  eventId: string;
  /** The concern in plain words. */
  why: string;
}

/**
 * A reminder set by local policy, not by law (docs/rules.md, "Local-policy reminders"): shown to the
 * caseworker, never a milestone, so never a breach, an overdue count, an alert or an escalation.
 * under_five_review  Code of Practice 9.178: consider reviewing a child under 5 every 3-6 months
 *
 * pending        not yet held, within the local interval
 * past_interval  not yet held, the local interval has passed (the statutory 12 months may not have)
 * held_within    the next review meeting was held within the local interval
 * held_after     it was held after the local interval
 */
export type LocalReminderState = 'pending' | 'past_interval' | 'held_within' | 'held_after';

export interface LocalReminder {
  /** Unique in the case: 'under_five_review.1' (the statutory cycle it shortens). */
  key: string;
  kind: 'under_five_review';
  basis: 'local_policy';
  clockFrom: IsoDate;
  dueOn: IsoDate;
  doneOn: IsoDate | null;
  state: LocalReminderState;
  /** The rules-table setting (local policy) that fixed dueOn. */
  rule: RulePath;
  cycle: number;
}

export type PathwayStatus = 'not_started' | 'open' | 'closed';

export type CaseOutcome =
  | 'refused'
  | 'not_issue'
  | 'plan_issued'
  | 'withdrawn'
  | 'transferred_out'
  | 'plan_ceased'
  | 'first_contact'
  | 'assessment_started'
  | 'discharged'
  | 'referral_closed'
  | 'support_ended'
  | 'placement_ended';

export type WaitStop = 'first_contact' | 'assessment_started' | 'discharged' | 'referral_closed';

/** An RTT-style wait (slt, neurodevelopmental). */
export interface WaitSummary {
  referredOn: IsoDate;
  /** Referral date, or the "did not attend" at the first appointment (RTT rules; see waiting-list.ts). */
  clockStartOn: IsoDate;
  stoppedOn: IsoDate | null;
  stoppedBy: WaitStop | null;
  open: boolean;
  /** Days from the clock start to the stop, or to asOf while open. */
  daysWaited: number;
  weeksWaited: number;
  completedWeeks: number;
  /** How many DNAs restarted the clock: 0, or 1 for a DNA at the first appointment. */
  restarts: number;
  /** Neurodevelopmental only: NICE QS51's measure, timed from the referral (DNAs never restart it). */
  qs51?: Qs51Wait;
}

/**
 * NICE QS51 statement 1: assessment started within `waits.qs51Months` months of the referral.
 * 'within' / 'not_within' once known; 'pending' before the due day while not started; 'not_counted'
 * when the referral was discharged or closed, without an assessment, on or before the due day.
 */
export type Qs51State = 'within' | 'not_within' | 'pending' | 'not_counted';

export interface Qs51Wait {
  /** The referral date plus waits.qs51Months calendar months (clamped to the month end). */
  dueOn: IsoDate;
  state: Qs51State;
}

/** A spell of SEN support at one school (pathway sen_support). */
export interface SenSupportSummary {
  schoolUrn: string;
  /** Each need stated, from the day it was stated: the start's need first, then each need_changed. */
  needs: { from: IsoDate; needCode: NeedCode }[];
  ncYear: number | null;
  startedOn: IsoDate;
  endedOn: IsoDate | null;
  endReason: SupportEndReason | null;
  /** The latest review on or before asOf (and before the end), or null. */
  lastReviewedOn: IsoDate | null;
}

/** A placement in alternative provision (pathway alternative_provision). */
export interface PlacementSummary {
  providerUrn: string | null;
  providerKind: ApProviderKind | null;
  hoursPerWeek: number;
  /** Fewer hours than alternativeProvision.fullTimeHours. */
  partTime: boolean;
  reason: ApPlacementReason;
  commissionedBy: ApCommissioner;
  startedOn: IsoDate;
  endedOn: IsoDate | null;
  endReason: string | null;
  lastReviewedOn: IsoDate | null;
  /** Days from the start to the end, or to asOf while open. */
  daysInPlacement: number;
  /** Days since the last review (or the start) to the end, or to asOf while open. */
  daysWithoutReview: number;
  /** Open and unreviewed for alternativeProvision.reviewWeeks / longWithoutReviewWeeks or more. */
  unreviewedPastReview: boolean;
  unreviewedPastLong: boolean;
}

/** An exception recorded but not applicable: it lifts no time limit (docs/rules.md, "Exceptions"). */
export interface IgnoredException {
  eventId: string;
  reason: ExceptionReason;
  /** The exception's own date (the day the circumstance began). */
  date: IsoDate;
  /** Why, in plain words. */
  why: string;
}

export interface CaseId {
  la: string;
  caseRef: string;
  pathway: Pathway;
}

export interface CaseEvaluation extends CaseId {
  childRef: string;
  asOf: IsoDate;
  status: PathwayStatus;
  outcome: CaseOutcome | null;
  /** Request received, plan issued, or referral received. */
  startedOn: IsoDate | null;
  closedOn: IsoDate | null;
  reassessment: boolean;
  needCode: NeedCode | null;
  milestones: Milestone[];
  wait: WaitSummary | null;
  ignoredExceptions: IgnoredException[];
  /** Local-policy reminders (annual reviews of under-5s); empty on other pathways. */
  localReminders: LocalReminder[];
  concerns: ProceduralConcern[];
  /** sen_support only. */
  senSupport?: SenSupportSummary;
  /** alternative_provision only. */
  placement?: PlacementSummary;
}

/** What each pathway's evaluator returns; evaluateCase adds the case's identity. */
export interface PathwayResult {
  startedOn: IsoDate | null;
  closedOn: IsoDate | null;
  outcome: CaseOutcome | null;
  reassessment: boolean;
  needCode: NeedCode | null;
  milestones: Milestone[];
  ignoredExceptions: IgnoredException[];
  wait?: WaitSummary | null;
  localReminders?: LocalReminder[];
  concerns?: ProceduralConcern[];
  senSupport?: SenSupportSummary;
  placement?: PlacementSummary;
}
