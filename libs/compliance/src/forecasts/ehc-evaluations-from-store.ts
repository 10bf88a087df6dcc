import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RULES_TABLE } from '@app/config';
import { rulesVersion, type CaseEvaluation, type Milestone, type RulesTable } from '@app/rules';
import { STAGE_STEP_KINDS } from '../milestones/evaluation-summary';
import { PassStateRepository } from '../milestones/pass-state.repository';

/**
 * The LA's EHC assessments a forecast reads (as ForecastsRepository.ehcCaseRefs lists them) whose
 * stored evaluation still stands on `asOf`: evaluated as of that day or before, not due to change
 * by then (changes_on: the first day it would change with no new events) and with every event of
 * the case read. With the steps the forecasts read (STAGE_STEP_KINDS), in key order.
 */
const STANDING_SQL = `
  SELECT ce.case_ref, ce.child_ref, ce.status, ce.outcome, ce.started_on::text AS started_on, ce.closed_on::text AS closed_on,
    ce.need_code, coalesce((ce.summary ->> 'reassessment')::boolean, false) AS reassessment,
    -- Plain text, parsed by stepsOf: half the time of a JSON array of arrays (34 ms against 70 for a
    -- county's 3,000 assessments). format() writes a null as nothing.
    (SELECT coalesce(string_agg(format('%s|%s|%s|%s|%s|%s|%s|%s', m.milestone_key, m.kind, m.clock_from, m.due_on, m.done_on,
              m.state, m.service, m.cycle), ';' ORDER BY m.milestone_key), '')
       FROM case_milestones m
       WHERE m.la_code = ce.la_code AND m.case_ref = ce.case_ref AND m.kind = ANY($4::text[])) AS steps
  FROM case_evaluations ce
  JOIN cases c ON c.la_code = ce.la_code AND c.case_ref = ce.case_ref
  WHERE ce.la_code = $1 AND ce.pathway = 'ehc_assessment' AND ce.started_on <= $2::date
    AND coalesce(ce.closed_on, 'infinity'::date) >= $3::date
    AND ce.as_of <= $2::date AND (ce.changes_on IS NULL OR ce.changes_on > $2::date)
    AND ce.event_count = c.event_count`;

interface StandingRow {
  case_ref: string;
  child_ref: string;
  status: CaseEvaluation['status'];
  outcome: CaseEvaluation['outcome'];
  started_on: string | null;
  closed_on: string | null;
  need_code: CaseEvaluation['needCode'];
  reassessment: boolean;
  steps: string;
}

/**
 * An LA's EHC evaluations as of a day from what is stored, for the cases whose stored evaluation
 * still stands then: the forecasts (ForecastsService.ehcForecast) evaluate only the others from
 * their events. Each holds what the forecasts read (isForecastable, stagePath, forecastAssessment,
 * buildStageDistributions, projectYear20Weeks): equal, there, to evaluateCase on the case's events
 * (test/snapshots-from-store.e2e-spec.ts). None while the LA's last nightly pass ran with another
 * rules table: what is stored may then have been evaluated with it.
 */
@Injectable()
export class EhcEvaluationsFromStore {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly passState: PassStateRepository,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  async standing(la: string, asOf: string, since: string): Promise<Map<string, CaseEvaluation>> {
    if ((await this.passState.of(la))?.rulesVersion !== rulesVersion(this.rules)) return new Map();
    const rows: StandingRow[] = await this.db.query(STANDING_SQL, [la, asOf, since, STAGE_STEP_KINDS]);
    return new Map(rows.map((r) => [r.case_ref, evaluationOf(la, asOf, r)]));
  }

  /**
   * `standing` for one LA and date, remembered: a read since an earlier date holds every case a
   * later one would (a case's evaluation depends on the LA and date alone), so the forecast and the
   * at-risk list kept together (ForecastsService.keepForDay) read the LA's evaluations once.
   */
  standingReads(la: string, asOf: string): StandingReads {
    let kept: { since: string; read: Promise<Map<string, CaseEvaluation>> } | null = null;
    return (since) => {
      if (kept === null || kept.since > since) kept = { since, read: this.standing(la, asOf, since) };
      return kept.read;
    };
  }
}

/** An LA's evaluations standing as of a date, for the cases open on it or ended since `since`. */
export type StandingReads = (since: string) => Promise<Map<string, CaseEvaluation>>;

/** The steps as STANDING_SQL writes them: `key|kind|clockFrom|dueOn|doneOn|state|service|cycle;...`, nothing for a null. */
function stepsOf(text: string): Milestone[] {
  if (text === '') return [];
  return text.split(';').map((step) => {
    const [key, kind, clockFrom, dueOn, doneOn, state, service, cycle] = step.split('|');
    return {
      key,
      kind,
      clockFrom,
      dueOn,
      doneOn: doneOn === '' ? null : doneOn,
      state,
      ...(service === '' ? {} : { service }),
      ...(cycle === '' ? {} : { cycle: Number(cycle) }),
    } as Milestone;
  });
}

function evaluationOf(la: string, asOf: string, r: StandingRow): CaseEvaluation {
  const milestones = stepsOf(r.steps);
  return {
    la,
    caseRef: r.case_ref,
    pathway: 'ehc_assessment',
    childRef: r.child_ref,
    asOf,
    status: r.status,
    outcome: r.outcome,
    startedOn: r.started_on,
    closedOn: r.closed_on,
    reassessment: r.reassessment,
    needCode: r.need_code,
    milestones,
    wait: null,
    ignoredExceptions: [],
    localReminders: [],
    concerns: [],
  };
}
