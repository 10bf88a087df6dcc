// The event contract's vocabularies (docs/contract.md, "Vocabularies"). Stable: extend, never rename.

export const PATHWAYS = ['ehc_assessment', 'annual_review', 'slt', 'neurodevelopmental', 'sen_support', 'alternative_provision'] as const;
export type Pathway = (typeof PATHWAYS)[number];

/** Event types per pathway; `retract` is valid on every pathway. */
export const EVENT_TYPES = {
  ehc_assessment: [
    'request_received',
    'decision_to_assess',
    'advice_requested',
    'advice_received',
    'exception',
    'decision_to_issue',
    'draft_plan_issued',
    'final_plan_issued',
    'withdrawn',
    'transferred_out',
    'retract',
  ],
  annual_review: [
    'plan_active',
    'review_meeting_held',
    'review_report_received',
    'review_decision',
    'amendment_notice_issued',
    'amended_plan_issued',
    'plan_ceased',
    'retract',
  ],
  slt: ['referral_received', 'appointment_dna', 'first_contact', 'discharged', 'referral_closed', 'retract'],
  neurodevelopmental: [
    'referral_received',
    'appointment_dna',
    'assessment_started',
    'diagnosis_outcome',
    'discharged',
    'referral_closed',
    'retract',
  ],
  sen_support: ['support_started', 'support_reviewed', 'need_changed', 'support_ended', 'retract'],
  alternative_provision: ['placement_started', 'placement_reviewed', 'placement_ended', 'retract'],
} as const satisfies Record<Pathway, readonly string[]>;

export type EventType = (typeof EVENT_TYPES)[Pathway][number];

/** Exceptions to the time limits: SEND Regs 2014 reg 5(4), 8(2), 10(4), 13(3). */
export const EXCEPTION_REASONS = [
  'school_closure',
  'early_years_closure',
  'exceptional_personal_circumstances',
  'absent_from_area',
  'missed_appointment', // reg 8(2): advice only
] as const;
export type ExceptionReason = (typeof EXCEPTION_REASONS)[number];

/** Services that give advice for an EHC needs assessment (reg 6(1)). */
export const ADVICE_SERVICES = ['ep', 'slt', 'ot', 'physio', 'paediatrics', 'health_other', 'social_care', 'school', 'other'] as const;
export type AdviceService = (typeof ADVICE_SERVICES)[number];

/** SEN2 2025 primary need codes; NSA (no specialist assessment) comes from the school census. */
export const NEED_CODES = ['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'DS', 'OTH', 'NSA'] as const;
export type NeedCode = (typeof NEED_CODES)[number];

/** The four broad areas of need of the SEND Code of Practice (6.28-6.35). */
export const NEED_AREAS = {
  cognition_and_learning: ['SPLD', 'MLD', 'SLD', 'PMLD'],
  communication_and_interaction: ['SLCN', 'ASD'],
  social_emotional_mental_health: ['SEMH'],
  sensory_and_physical: ['HI', 'VI', 'MSI', 'PD'],
  other: ['DS', 'OTH', 'NSA'],
} as const satisfies Record<string, readonly NeedCode[]>;

export const ASSESS_OUTCOMES = ['assess', 'refuse'] as const;
export const ISSUE_OUTCOMES = ['issue', 'not_issue'] as const;
export const REVIEW_OUTCOMES = ['maintain', 'amend', 'cease'] as const;
/**
 * Transfers an EHC plan must be reviewed and amended before (SEND Regs 2014 reg 18):
 * school       reg 2(1) "transfer between phases" (a)-(e): early years to school, infant to junior,
 *              primary to middle or secondary, middle to secondary; before 15 February (reg 18(1)(b))
 * post16       reg 2(1)(f): secondary school to a post-16 institution; before 31 March (reg 18(1)(a))
 * post16_move  reg 18(2): one post-16 institution to another; at least 5 months before the move
 *              (`phaseTransfer.on` names the day of the move)
 */
export const PHASE_TRANSFER_KINDS = ['school', 'post16', 'post16_move'] as const;
export const DIAGNOSIS_OUTCOMES = ['autism', 'adhd', 'autism_and_adhd', 'no_diagnosis', 'other'] as const;

export type AssessOutcome = (typeof ASSESS_OUTCOMES)[number];
export type IssueOutcome = (typeof ISSUE_OUTCOMES)[number];
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];
export type PhaseTransferKind = (typeof PHASE_TRANSFER_KINDS)[number];
export type DiagnosisOutcome = (typeof DIAGNOSIS_OUTCOMES)[number];

/**
 * Why SEN support ended (school-reported). `not_in_return` is written by the termly school returns
 * import when a pupil on the school's previous return is missing from its new one; a school corrects
 * it by retracting that event and sending the right one.
 */
export const SUPPORT_END_REASONS = ['ehc_request', 'needs_met', 'left_school', 'moved_school', 'other', 'not_in_return'] as const;
export type SupportEndReason = (typeof SUPPORT_END_REASONS)[number];

/**
 * Kinds of alternative provision, for a placement whose provider has no URN (Alternative provision
 * statutory guidance, DfE 2013/2016: PRUs, AP academies and free schools, independent and
 * unregistered providers, tuition).
 */
export const AP_PROVIDER_KINDS = [
  'pupil_referral_unit',
  'ap_academy',
  'ap_free_school',
  'independent_school',
  'registered_provider',
  'unregistered_provider',
  'tuition',
  'other',
] as const;
export type ApProviderKind = (typeof AP_PROVIDER_KINDS)[number];

/** Why a child was placed in alternative provision. */
export const AP_PLACEMENT_REASONS = [
  'permanent_exclusion',
  'suspension',
  'health_needs',
  'behaviour_support',
  'awaiting_school_place',
  'send_provision',
  'other',
] as const;
export type ApPlacementReason = (typeof AP_PLACEMENT_REASONS)[number];

/** Who commissioned an AP placement: the LA (Education Act 1996 s19) or a school (s29A, off-site direction). */
export const AP_COMMISSIONERS = ['la', 'school'] as const;
export type ApCommissioner = (typeof AP_COMMISSIONERS)[number];

/** A school or provider's Unique Reference Number (Get Information about Schools): 6 digits. */
export const URN_PATTERN = /^\d{6}$/;
