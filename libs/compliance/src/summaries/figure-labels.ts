// Plain-English labels for the summary. Leaders read these; the CSV keeps the stable keys too.
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
};

const KIND_LABELS: Record<string, string> = {
  decision_to_assess: 'Decision whether to assess overdue (6 weeks)',
  advice: 'Advice overdue (6 weeks)',
  notice_not_to_issue: 'Notice not to issue overdue (16 weeks)',
  draft_plan: 'Draft plan past internal target (16 weeks, not statutory)',
  final_plan: 'Final plan overdue (20 weeks)',
  reassessment_decision: 'Reassessment decision overdue (15 days)',
  reassessment_final_plan: 'Reassessment final plan overdue (14 weeks)',
  review_meeting: 'Annual review meeting overdue',
  review_report: 'Review report overdue (2 weeks)',
  review_decision: 'Review decision overdue (4 weeks)',
  amended_plan: 'Amended plan overdue',
  phase_transfer: 'Phase transfer amendment overdue',
  first_contact: 'Waiting past target for first contact',
  assessment_started: 'Waiting past target for assessment',
};

export const pathwayLabel = (pathway: string): string => PATHWAY_LABELS[pathway] ?? pathway;

export function breachLabel(pathway: string, kind: string, service: string | null): string {
  const base = KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
  const what = service ? `${base}: ${SERVICE_LABELS[service as AdviceService] ?? service}` : base;
  return `${pathwayLabel(pathway)}: ${what}`;
}

const MEASURE_LABELS: Record<string, string> = {
  waiting_count: 'Number waiting',
  waiting_median_weeks: 'Median wait (weeks)',
  waiting_p92_weeks: '92nd percentile wait (weeks)',
  waiting_within_target_pct: '% waiting within target',
  waiting_over_max_count: 'Waiting 52 weeks or more',
  seen_median_weeks: 'Median weeks to first contact',
  final_within_20_weeks_pct: '% final plans within 20 weeks (including exceptions)',
  final_within_20_weeks_ex_pct: '% final plans within 20 weeks (excluding exceptions)',
  decisions_within_6_weeks_pct: '% decisions within 6 weeks',
  advice_within_6_weeks_pct: '% advice within 6 weeks',
  meetings_on_time_pct: '% review meetings on time',
  review_decisions_within_4_weeks_pct: '% review decisions within 4 weeks',
  amended_within_12_weeks_pct: '% amended plans within 12 weeks',
  phase_transfers_on_time_pct: '% phase transfers on time',
};

export const measureLabel = (measure: string): string => MEASURE_LABELS[measure] ?? measure.replace(/_/g, ' ');
