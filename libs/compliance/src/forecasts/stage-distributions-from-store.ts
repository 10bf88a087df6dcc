import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RULES_TABLE } from '@app/config';
import { addDays, buildStageDistributions, type CaseEvaluation, type RulesTable, type StageDistributions } from '@app/rules';
import { STAGE_STEP_KINDS, type StoredStageStep } from '../milestones/evaluation-summary';

/**
 * The new EHC assessments the stage durations read (requested or ended in the stage window), in
 * case order (caseIndex follows it, as in the nightly pass); with the steps stagePath reads for
 * those that ended (an open one only counts as a request): kept with the evaluation
 * (EvaluationSummary.stageSteps), else (an evaluation stored before they were kept) one
 * primary-key probe for its milestones.
 */
const WINDOW_CASES_SQL = `
  SELECT ce.case_ref, ce.started_on::text AS started_on, ce.closed_on::text AS closed_on, ce.outcome,
    CASE WHEN ce.closed_on IS NULL THEN '[]'::jsonb
         WHEN ce.summary ? 'stageSteps' THEN ce.summary -> 'stageSteps'
         ELSE (SELECT coalesce(jsonb_agg(jsonb_build_array(m.kind, m.done_on::text, m.state) ORDER BY m.milestone_key), '[]')
           FROM case_milestones m
           WHERE m.la_code = ce.la_code AND m.case_ref = ce.case_ref
             AND m.kind IN (${STAGE_STEP_KINDS.map((k) => `'${k}'`).join(', ')}))
    END AS steps
  FROM case_evaluations ce
  WHERE ce.la_code = $1 AND ce.pathway = 'ehc_assessment' AND ce.started_on <= $3::date
    AND (ce.started_on >= $2::date OR ce.closed_on BETWEEN $2::date AND $3::date)
    -- Implied by the line above (a case closes after it starts): the cases open or closed since the
    -- window began, an index range (case_evaluations_closed_idx) instead of all the LA's requests.
    AND coalesce(ce.closed_on, 'infinity'::date) >= $2::date
    AND NOT coalesce((ce.summary ->> 'reassessment')::boolean, false)
  ORDER BY ce.case_ref`;

interface WindowCase {
  case_ref: string;
  started_on: string;
  closed_on: string | null;
  outcome: CaseEvaluation['outcome'];
  steps: StoredStageStep[];
}

/**
 * An LA's EHC stage durations as of a date from what is stored (case_evaluations, case_milestones):
 * equal to buildStageDistributions over the LA's evaluations as of that date, without events.
 */
@Injectable()
export class StageDistributionsFromStore {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  async fromStore(la: string, asOf: string): Promise<StageDistributions> {
    const from = addDays(asOf, 1 - 7 * this.rules.forecast.stageWindowWeeks);
    const rows: WindowCase[] = await this.db.query(WINDOW_CASES_SQL, [la, from, asOf]);
    const evaluations = rows.map(
      (r) =>
        ({
          la,
          caseRef: r.case_ref,
          pathway: 'ehc_assessment',
          reassessment: false,
          status: r.closed_on === null ? 'open' : 'closed',
          startedOn: r.started_on,
          closedOn: r.closed_on,
          outcome: r.outcome,
          milestones: r.steps.map(([kind, doneOn, state]) => ({ kind, doneOn, state })),
        }) as unknown as CaseEvaluation,
    );
    return buildStageDistributions(evaluations, asOf, this.rules);
  }
}
