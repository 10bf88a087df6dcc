// The event contract as plain data (docs/contract.md, "Pathways and event types"). Dates are ISO calendar dates
// ('YYYY-MM-DD', Europe/London), never timestamps.
import type {
  AdviceService,
  ApCommissioner,
  ApPlacementReason,
  ApProviderKind,
  AssessOutcome,
  DiagnosisOutcome,
  ExceptionReason,
  IssueOutcome,
  NeedCode,
  PhaseTransferKind,
  ReviewOutcome,
  SupportEndReason,
} from './vocabulary';

export type IsoDate = string;

export interface EventEnvelope {
  eventId: string;
  la: string;
  caseRef: string;
  childRef: string;
  date: IsoDate;
}

type E<P extends string, T extends string, F = unknown> = EventEnvelope & { pathway: P; type: T } & F;

export interface Retract {
  retractsEventId: string;
}

export type EhcAssessmentEvent =
  // `reassessment` extends the contract: a request to reassess an existing plan (reg 27).
  | E<'ehc_assessment', 'request_received', { needCode?: NeedCode; birthDate?: IsoDate; reassessment?: boolean }>
  | E<'ehc_assessment', 'decision_to_assess', { outcome: AssessOutcome }>
  | E<'ehc_assessment', 'advice_requested', { service: AdviceService }>
  | E<'ehc_assessment', 'advice_received', { service: AdviceService }>
  // `service` extends the contract: an advice exception (reg 8(2)) may name the advice it covers.
  | E<'ehc_assessment', 'exception', { reason: ExceptionReason; until?: IsoDate; service?: AdviceService }>
  | E<'ehc_assessment', 'decision_to_issue', { outcome: IssueOutcome }>
  | E<'ehc_assessment', 'draft_plan_issued'>
  // `parentAgreedSooner` extends the contract: the parent or young person agreed to the plan being
  // finalised before reg 13(1)'s 15 days were up (no procedural concern then).
  // `exceptionReported`: the LA reports an exception to the 20-week limit without its reason or dates
  // (an SEN2 return's Week20); it lifts the final plan's limit only where no recorded exception applies.
  | E<'ehc_assessment', 'final_plan_issued', { parentAgreedSooner?: boolean; exceptionReported?: boolean }>
  | E<'ehc_assessment', 'withdrawn'>
  | E<'ehc_assessment', 'transferred_out'>
  | E<'ehc_assessment', 'retract', Retract>;

export interface PhaseTransfer {
  year: number;
  kind: PhaseTransferKind;
  /** The day of the move: required for `post16_move` (reg 18(2)); otherwise 1 September of `year` by default. */
  on?: IsoDate;
}

export type AnnualReviewEvent =
  // `birthDate` and `needCode` extend the contract: under-5 review interval, measures by need.
  | E<'annual_review', 'plan_active', { planIssuedOn: IsoDate; phaseTransfer?: PhaseTransfer; birthDate?: IsoDate; needCode?: NeedCode }>
  | E<'annual_review', 'review_meeting_held'>
  | E<'annual_review', 'review_report_received'>
  | E<'annual_review', 'review_decision', { outcome: ReviewOutcome }>
  | E<'annual_review', 'amendment_notice_issued'>
  | E<'annual_review', 'amended_plan_issued'>
  | E<'annual_review', 'plan_ceased'>
  | E<'annual_review', 'retract', Retract>;

type WaitCommon<P extends string> =
  | E<P, 'referral_received', { needCode?: NeedCode; birthDate?: IsoDate }>
  | E<P, 'appointment_dna'>
  | E<P, 'discharged'>
  | E<P, 'referral_closed', { reason: string }>
  | E<P, 'retract', Retract>;

export type SltEvent = WaitCommon<'slt'> | E<'slt', 'first_contact'>;

export type NeurodevelopmentalEvent =
  | WaitCommon<'neurodevelopmental'>
  | E<'neurodevelopmental', 'assessment_started'>
  | E<'neurodevelopmental', 'diagnosis_outcome', { outcome?: DiagnosisOutcome }>;

/** SEN support in a school (SEND Code of Practice 6.44-6.56: assess, plan, do, review), school-reported. */
export type SenSupportEvent =
  | E<'sen_support', 'support_started', { schoolUrn: string; needCode: NeedCode; ncYear?: number }>
  | E<'sen_support', 'support_reviewed'>
  | E<'sen_support', 'need_changed', { needCode: NeedCode }>
  | E<'sen_support', 'support_ended', { reason: SupportEndReason }>
  | E<'sen_support', 'retract', Retract>;

/** A placement in alternative provision: a provider named by URN, or by its kind when it has none. */
export type AlternativeProvisionEvent =
  | E<
      'alternative_provision',
      'placement_started',
      {
        providerUrn?: string;
        providerKind?: ApProviderKind;
        hoursPerWeek: number;
        reason: ApPlacementReason;
        commissionedBy: ApCommissioner;
      }
    >
  | E<'alternative_provision', 'placement_reviewed'>
  | E<'alternative_provision', 'placement_ended', { reason: string }>
  | E<'alternative_provision', 'retract', Retract>;

export type CaseEvent =
  EhcAssessmentEvent | AnnualReviewEvent | SltEvent | NeurodevelopmentalEvent | SenSupportEvent | AlternativeProvisionEvent;
