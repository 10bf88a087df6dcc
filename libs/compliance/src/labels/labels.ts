// The one place codes become words (steps, pathways, services, teams, needs, exceptions, events,
// outcomes, target measures): the pages, the weekly summary and its mail all say the same.
import type { AdviceService } from '@app/rules';

export const SERVICE_LABELS: Record<AdviceService | 'all', string> = {
  all: 'All services',
  ep: 'Educational psychology',
  slt: 'Speech and language therapy',
  ot: 'Occupational therapy',
  physio: 'Physiotherapy',
  paediatrics: 'Paediatrics',
  health_other: 'Other health',
  social_care: 'Social care',
  school: 'School or setting',
  other: 'Other',
};

export const PATHWAY_LABELS: Record<string, string> = {
  ehc_assessment: 'EHC needs assessment',
  annual_review: 'Annual review',
  slt: 'Speech and language therapy',
  neurodevelopmental: 'Neurodevelopmental (autism/ADHD)',
  sen_support: 'SEN support',
  alternative_provision: 'Alternative provision',
};

const STEP_LABELS: Record<string, string> = {
  decision_to_assess: 'Decision whether to assess (6 weeks)',
  advice: 'Advice (6 weeks)',
  notice_not_to_issue: 'Notice of decision not to issue (16 weeks)',
  draft_plan: 'Draft plan (internal target, 16 weeks)',
  final_plan: 'Final plan (20 weeks)',
  reassessment_decision: 'Reassessment decision (15 days)',
  reassessment_final_plan: 'Reassessment final plan (14 weeks)',
  review_meeting: 'Annual review meeting',
  review_report: 'Review report (2 weeks)',
  review_decision: 'Review decision (4 weeks)',
  amended_plan: 'Final amended plan',
  phase_transfer: 'Phase transfer amendment',
  first_contact: 'First contact (18-week target)',
  assessment_started: 'Assessment started (13-week target)',
  support_review: 'SEN support review (each term, 16 weeks)',
  placement_review: 'Placement review (internal target, 6 weeks)',
};

export function stepLabel(kind: string, service?: string | null, cycle?: number | null): string {
  const base = STEP_LABELS[kind] ?? kind.replace(/_/g, ' ');
  const who = service ? `: ${SERVICE_LABELS[service as keyof typeof SERVICE_LABELS] ?? service}` : '';
  return `${base}${who}${cycle && cycle > 1 ? ` (review ${cycle})` : ''}`;
}

export const pathwayName = (pathway: string): string => PATHWAY_LABELS[pathway] ?? pathway;

const TEAM_LABELS: Record<string, string> = {
  assessment: 'Assessment',
  reviews: 'Reviews',
  slt: 'Speech and language therapy',
  nd: 'Neurodevelopmental',
  inclusion: 'Inclusion (alternative provision)',
};
export const TEAMS = Object.keys(TEAM_LABELS);
export const teamName = (team: string): string => TEAM_LABELS[team] ?? team;

const EXCEPTION_LABELS: Record<string, string> = {
  school_closure: 'School or college closure',
  early_years_closure: 'Early years provider closure',
  exceptional_personal_circumstances: 'Exceptional personal circumstances',
  absent_from_area: 'Absent from the area for 4 weeks or more',
  missed_appointment: 'Missed appointment',
  reported_by_la: 'Exception reported by the LA (reason not recorded)',
};
export const exceptionName = (reason: string | null): string => (reason ? (EXCEPTION_LABELS[reason] ?? reason.replace(/_/g, ' ')) : '');

const NEED_LABELS: Record<string, string> = {
  SPLD: 'Specific learning difficulty',
  MLD: 'Moderate learning difficulty',
  SLD: 'Severe learning difficulty',
  PMLD: 'Profound and multiple learning difficulty',
  SEMH: 'Social, emotional and mental health',
  SLCN: 'Speech, language and communication needs',
  HI: 'Hearing impairment',
  VI: 'Visual impairment',
  MSI: 'Multi-sensory impairment',
  PD: 'Physical disability',
  ASD: 'Autistic spectrum disorder',
  DS: 'Down syndrome',
  OTH: 'Other difficulty or disability',
  NSA: 'SEN support but no specialist assessment',
  unknown: 'Not recorded',
  all: 'All needs',
};
export const needName = (code: string | null): string => (code ? (NEED_LABELS[code] ?? code) : 'Not recorded');

const EVENT_LABELS: Record<string, string> = {
  request_received: 'Request for assessment received',
  decision_to_assess: 'Decision whether to assess',
  advice_requested: 'Advice requested',
  advice_received: 'Advice received',
  exception: 'Exception recorded',
  decision_to_issue: 'Decision whether to issue a plan',
  draft_plan_issued: 'Draft plan issued',
  final_plan_issued: 'Final plan issued',
  plan_active: 'Plan active',
  review_meeting_held: 'Review meeting held',
  review_report_received: 'Review report received',
  review_decision: 'Review decision',
  amendment_notice_issued: 'Amendment notice issued',
  amended_plan_issued: 'Amended plan issued',
  plan_ceased: 'Plan ceased',
  referral_received: 'Referral received',
  appointment_dna: 'Did not attend',
  first_contact: 'First contact',
  assessment_started: 'Assessment started',
  diagnosis_outcome: 'Diagnosis outcome',
  discharged: 'Discharged',
  referral_closed: 'Referral closed',
  withdrawn: 'Withdrawn',
  transferred_out: 'Transferred out',
  retract: 'Retraction of an earlier event',
  support_started: 'SEN support started',
  support_reviewed: 'SEN support reviewed',
  need_changed: 'Primary need changed',
  support_ended: 'SEN support ended',
  placement_started: 'Placement in alternative provision started',
  placement_reviewed: 'Placement reviewed',
  placement_ended: 'Placement ended',
};
export const eventName = (type: string): string => EVENT_LABELS[type] ?? type.replace(/_/g, ' ');

/** A stored milestone key ('final_plan', 'advice.slt', 'review_meeting.2') as its step. */
export function stepOfKey(key: string): string {
  const [kind, rest] = key.split('.');
  const cycle = rest !== undefined && /^\d+$/.test(rest) ? Number(rest) : null;
  return stepLabel(kind, cycle === null ? (rest ?? null) : null, cycle);
}

/** An advice service ('social_care') in words. */
export const serviceName = (code: string): string => SERVICE_LABELS[code as keyof typeof SERVICE_LABELS] ?? code.replace(/_/g, ' ');

const CASE_STATUS_LABELS: Record<string, string> = { open: 'Open', closed: 'Closed', not_started: 'Not started' };
export const caseStatusName = (status: string): string => CASE_STATUS_LABELS[status] ?? status.replace(/_/g, ' ');

const OUTCOME_LABELS: Record<string, string> = {
  // how a case ended
  refused: 'Assessment refused',
  not_issue: 'Decided not to issue a plan',
  plan_issued: 'Plan issued',
  withdrawn: 'Withdrawn',
  transferred_out: 'Transferred to another local authority',
  plan_ceased: 'Plan ceased',
  first_contact: 'Seen for first contact',
  assessment_started: 'Assessment started',
  discharged: 'Discharged',
  referral_closed: 'Referral closed',
  support_ended: 'SEN support ended',
  placement_ended: 'Placement ended',
  // the outcome field of decision and review events
  assess: 'Assess',
  refuse: 'Refuse to assess',
  issue: 'Issue a plan',
  maintain: 'Keep the plan as it is',
  amend: 'Amend the plan',
  cease: 'Cease the plan',
  autism: 'Autism',
  adhd: 'ADHD',
  autism_and_adhd: 'Autism and ADHD',
  no_diagnosis: 'No diagnosis',
  other: 'Other',
};
/** A case's outcome, or the outcome recorded on a decision, review or diagnosis event, in words. */
export const outcomeName = (code: string): string => OUTCOME_LABELS[code] ?? code.replace(/_/g, ' ');

const PHASE_TRANSFER_LABELS: Record<string, string> = { school: 'move to a new school phase', post16: 'move to post-16 education' };
export const phaseTransferName = (kind: string): string => PHASE_TRANSFER_LABELS[kind] ?? kind.replace(/_/g, ' ');

/**
 * Why the rules set an exception aside, as a sentence that says what it means for the time limit.
 * The rules library words it for the record (ehc-exceptions.ts: 'the closure is shorter than 4 weeks').
 */
export function ignoredExceptionWhy(why: string): string {
  const shorter = /^the (closure|absence) is shorter than (\d+) weeks?$/.exec(why);
  if (shorter)
    return shorter[1] === 'closure'
      ? `The closure lasts less than ${shorter[2]} weeks, so the time limit still applies.`
      : `The time away from the area is less than ${shorter[2]} weeks, so the time limit still applies.`;
  if (/^until is before/.test(why)) return 'Its end date is before the date it starts, so it cannot apply.';
  const words = why.replace(/_/g, ' ').trim();
  return words
    ? `${words[0].toUpperCase()}${words.slice(1)}${/[.!?]$/.test(words) ? '' : '.'}`
    : 'It does not meet the conditions for this exception.';
}

// Targets: what each target measure counts, in words with its unit. The targets' names on the
// pages are built from these (a stored name is a short code, never shown).
export type MeasureUnit = 'percent' | 'weeks' | 'children';

/** The weeks a target's words mention, from the rules table (waits). */
export interface WaitWeeks {
  sltTargetWeeks: number;
  ndTargetWeeks: number;
  maxWeeks: number;
}

/** A target measure in words: "% of children waiting under 18 weeks" (percent), "children waiting 52 weeks or more" (children). */
export function targetMeasureWords(measure: string, pathway: string, w: WaitWeeks): { words: string; unit: MeasureUnit } {
  const weeks = pathway === 'slt' ? w.sltTargetWeeks : w.ndTargetWeeks;
  const words: Record<string, [string, MeasureUnit]> = {
    waiting_count: ['children waiting', 'children'],
    waiting_median_weeks: ['middle (median) wait of the children waiting', 'weeks'],
    waiting_p92_weeks: ['wait that 92 in every 100 children waiting are within', 'weeks'],
    waiting_within_target_pct: [`% of children waiting under ${weeks} weeks`, 'percent'],
    waiting_over_max_count: [`children waiting ${w.maxWeeks} weeks or more`, 'children'],
    seen_median_weeks: ['middle (median) wait to be seen, of the children seen in the last 12 months', 'weeks'],
    final_within_20_weeks_pct: ['% of final plans issued within 20 weeks of the request, counting every plan', 'percent'],
    final_within_20_weeks_ex_pct: [
      '% of final plans issued within 20 weeks of the request, leaving out those with an exception',
      'percent',
    ],
    decisions_within_6_weeks_pct: ['% of decisions whether to assess made within 6 weeks', 'percent'],
    advice_within_6_weeks_pct: ['% of advice received within 6 weeks', 'percent'],
    meetings_on_time_pct: ['% of annual review meetings held on time', 'percent'],
    review_decisions_within_4_weeks_pct: ['% of review decisions made within 4 weeks of the meeting', 'percent'],
    amended_within_12_weeks_pct: ['% of amended plans issued within 12 weeks', 'percent'],
    phase_transfers_on_time_pct: ['% of phase transfer plans amended on time', 'percent'],
  };
  const [text, unit] = words[measure] ?? [measure.replace(/_/g, ' '), measure.endsWith('_pct') ? 'percent' : 'children'];
  return { words: text, unit };
}

const tidy = (n: number): string => String(Math.round(n * 10) / 10);

/** A value with its unit: "81.2%", "12.5 weeks", "14 children", "1 child". */
export function measureValue(value: number, unit: MeasureUnit): string {
  if (unit === 'percent') return `${tidy(value)}%`;
  if (unit === 'weeks') return `${tidy(value)} ${Math.round(value * 10) === 10 ? 'week' : 'weeks'}`;
  return `${tidy(value)} ${Math.round(value * 10) === 10 ? 'child' : 'children'}`;
}

/** A gap between two values with its unit: "3.2 percentage points", "1.5 weeks", "3 children". */
export function measureGap(gap: number, unit: MeasureUnit): string {
  return unit === 'percent' ? `${tidy(gap)} percentage ${Math.round(gap * 10) === 10 ? 'point' : 'points'}` : measureValue(gap, unit);
}

/** A target's name: "Speech and language therapy: at least 92% of children waiting under 18 weeks". */
export function targetName(t: { pathway: string; measure: string; threshold: number; comparator: 'lte' | 'gte' }, w: WaitWeeks): string {
  const { words, unit } = targetMeasureWords(t.measure, t.pathway, w);
  const bound = t.comparator === 'gte' ? 'at least' : 'at most';
  let goal: string;
  if (unit === 'percent') goal = `${bound} ${tidy(t.threshold)}%${words.slice(1)}`;
  else if (unit === 'children')
    goal = t.threshold === 0 && t.comparator === 'lte' ? `no ${words}` : `${bound} ${tidy(t.threshold)} ${words}`;
  else goal = `${words}: ${bound} ${measureValue(t.threshold, unit)}`;
  return `${pathwayName(t.pathway)}: ${goal}`;
}

/** Why SEN support ended, and why and with whom a child was placed in alternative provision (issue 15). */
const SUPPORT_WORDS: Record<string, string> = {
  ehc_request: 'EHC needs assessment requested',
  needs_met: 'Needs met',
  left_school: 'Left the school',
  moved_school: 'Moved school',
  not_in_return: 'Not in the school’s latest return',
  other: 'Other',
  permanent_exclusion: 'Permanent exclusion',
  suspension: 'Suspension',
  health_needs: 'Health needs',
  behaviour_support: 'Behaviour support',
  awaiting_school_place: 'Waiting for a school place',
  send_provision: 'Provision for special educational needs',
  la: 'The local authority',
  school: 'A school',
  pupil_referral_unit: 'Pupil referral unit',
  ap_academy: 'AP academy',
  ap_free_school: 'AP free school',
  independent_school: 'Independent school',
  registered_provider: 'Registered provider',
  unregistered_provider: 'Unregistered provider',
  tuition: 'Tuition',
};
export const supportWord = (code: string): string => SUPPORT_WORDS[code] ?? code.replace(/_/g, ' ');
