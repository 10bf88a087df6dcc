// Plain-English labels for the summary. Leaders read these; the CSV keeps the stable keys too.
import { PATHWAY_LABELS, SERVICE_LABELS, stepLabel } from '../labels/labels';

export { PATHWAY_LABELS, SERVICE_LABELS };

export const pathwayLabel = (pathway: string): string => PATHWAY_LABELS[pathway] ?? pathway;

/** What a breach list counts: the pathway and the step (as the pages name it), overdue. */
export function breachLabel(pathway: string, kind: string, service: string | null): string {
  return `Overdue: ${pathwayLabel(pathway)}: ${stepLabel(kind, service)}`;
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
