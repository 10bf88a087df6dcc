// The pages' own queries: caseworker lists from the stored milestones, a case's alerts, the LAs
// with cases, the latest stored weekly summary. Reports' figures come from ReportsService.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ALERT_SELECT, pathwaysOfTeam, teamOf, toAlertView, type AlertView } from '@app/compliance';
import { EventReader } from '@app/database';
import { INTERNAL_TARGET_KINDS, type Pathway } from '@app/rules';

/** target_passed: an internal target (the 16-week draft) past its date: a reminder, never counted as overdue. */
export type WorkList = 'overdue' | 'due_soon' | 'exempt' | 'target_passed';

export interface WorkItem {
  list: WorkList;
  caseRef: string;
  pathway: string;
  milestoneKey: string;
  kind: string;
  service: string | null;
  clockFrom: string;
  dueOn: string;
  exceptionReason: string | null;
  assigneeRef: string | null;
  caseworkerRef: string | null;
  /** The team holding the case (its pathway's). */
  team: string;
  openAlerts: number;
}

/** A row of WORK_ITEMS as the database returns it. */
interface WorkItemRow {
  list: WorkList;
  case_ref: string;
  pathway: Pathway;
  milestone_key: string;
  kind: string;
  service: string | null;
  clock_from: string;
  due_on: string;
  exception_reason: string | null;
  assignee_ref: string | null;
  caseworker_ref: string | null;
  open_alerts: number;
}

export interface WorkFilter {
  la: string;
  /** A staff reference: steps they hold, and every open step of the cases they hold. */
  assignee?: string;
  team?: string;
  today: string;
  /** Last day counted as due soon (today + 14). */
  soonUntil: string;
}

/**
 * Open steps of open cases that are overdue as of today, fall due by soonUntil ($3), or have an
 * exception lifting their limit (the work still has to be done). States come from the stored
 * evaluation, dates are judged against today so a list is right between nightly passes. Each arm
 * is a range of case_milestones_open_idx (la_code, state, due_on, pathway, caseworker_ref,
 * assignee_ref); a team ($5: its pathways) and a person are tested in the index, not on the rows.
 */
const LISTED = `m.state = 'exempt' OR (m.state IN ('pending', 'overdue') AND m.due_on <= $3::date)`;

/**
 * A person's ($4) steps: every open step of the cases they hold (caseworker_ref) and the steps they
 * hold on others' (assignee_ref: a service's advice). Spelled out arm by arm: an OR across the two
 * columns inside the date's OR reaches no index, and the list read all the LA's steps due soon.
 */
const LISTED_FOR_PERSON = ['caseworker_ref', 'assignee_ref']
  .flatMap((holder) => [
    `(m.state = 'exempt' AND m.${holder} = $4)`,
    `(m.state IN ('pending', 'overdue') AND m.due_on <= $3::date AND m.${holder} = $4)`,
  ])
  .join(' OR ');

/**
 * The listed steps, from the steps alone: an open step belongs to an open case (a closed case's
 * steps are all done, libs/rules), carries its case's caseworker, and its team is its pathway's
 * (teamOf). The case's evaluation was looked up step by step before: 15,000 probes for everyone's
 * list of a large LA.
 */
const listedSteps = (person: boolean) => `
  FROM case_milestones m
  WHERE m.la_code = $1 AND m.done_on IS NULL AND ${person ? `(${LISTED_FOR_PERSON})` : `$4::text IS NULL AND (${LISTED})`}
    AND ($5::text[] IS NULL OR m.pathway = ANY($5::text[]))`;

const LIST = `CASE WHEN m.state = 'exempt' THEN 'exempt' WHEN m.due_on < $2::date AND m.kind = ANY($6::text[]) THEN 'target_passed'
    WHEN m.due_on < $2::date THEN 'overdue' ELSE 'due_soon' END`;

const workItems = (person: boolean) => `
  SELECT ${LIST} AS list,
    m.case_ref, m.pathway, m.milestone_key, m.kind, m.service, m.clock_from::text, m.due_on::text, m.exception_reason,
    m.assignee_ref, m.caseworker_ref,
    (SELECT count(*)::int FROM alerts a WHERE a.la_code = m.la_code AND a.case_ref = m.case_ref AND a.resolved_at IS NULL
       AND a.acknowledged_at IS NULL) AS open_alerts
  ${listedSteps(person)}
  ORDER BY m.due_on, m.case_ref, m.milestone_key`;

/** How many steps each list holds for the same filter (every matching row, not a page of them). */
const workCounts = (person: boolean) => `SELECT ${LIST} AS list, count(*)::int AS n ${listedSteps(person)} GROUP BY 1`;

const WORK_ITEMS = { person: workItems(true), all: workItems(false) };
const WORK_COUNTS = { person: workCounts(true), all: workCounts(false) };
const shape = (f: WorkFilter) => (f.assignee ? 'person' : 'all');

const workParams = (f: WorkFilter) => [
  f.la,
  f.today,
  f.soonUntil,
  f.assignee ?? null,
  f.team ? pathwaysOfTeam(f.team) : null,
  INTERNAL_TARGET_KINDS,
];

@Injectable()
export class PagesRepository {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventReader,
  ) {}

  async workItems(f: WorkFilter): Promise<WorkItem[]> {
    const rows: WorkItemRow[] = await this.db.query(WORK_ITEMS[shape(f)], workParams(f));
    return rows.map((r) => ({
      list: r.list,
      caseRef: r.case_ref,
      pathway: r.pathway,
      milestoneKey: r.milestone_key,
      kind: r.kind,
      service: r.service,
      clockFrom: r.clock_from,
      dueOn: r.due_on,
      exceptionReason: r.exception_reason,
      assigneeRef: r.assignee_ref,
      caseworkerRef: r.caseworker_ref,
      team: teamOf(r.pathway),
      openAlerts: r.open_alerts,
    }));
  }

  /** Steps overdue, due soon and with an exception for the filter, counted in the database. */
  async workCounts(f: WorkFilter): Promise<Record<WorkList, number>> {
    const rows: { list: WorkList; n: number }[] = await this.db.query(WORK_COUNTS[shape(f)], workParams(f));
    const counts: Record<WorkList, number> = { overdue: 0, due_soon: 0, exempt: 0, target_passed: 0 };
    for (const r of rows) counts[r.list] = r.n;
    return counts;
  }

  /** Every alert raised on a case, newest first (the inbox shows them by recipient). */
  async caseAlerts(la: string, caseRef: string): Promise<AlertView[]> {
    const rows = await this.db.query(
      `${ALERT_SELECT} WHERE la_code = $1 AND case_ref = $2 ORDER BY resolved_at IS NOT NULL, alert_id DESC`,
      [la, caseRef],
    );
    return rows.map(toAlertView);
  }

  /** LAs that hold cases (the event store says which), with their names, for the LA chooser. */
  async lasWithCases(): Promise<{ la: string; name: string }[]> {
    const codes = await this.events.laCodesWithCases();
    const rows = await this.db.query(`SELECT la_code, name FROM local_authorities WHERE la_code = ANY($1::text[]) ORDER BY name`, [codes]);
    return rows.map((r: { la_code: string; name: string }) => ({ la: r.la_code, name: r.name }));
  }

  /** The LAs a person holds, with their names ('*': every LA), for a form's LA chooser. */
  async lasHeld(las: readonly string[] | '*'): Promise<{ la: string; name: string }[]> {
    const rows = await this.db.query(
      `SELECT la_code, name FROM local_authorities WHERE $1::text[] IS NULL OR la_code = ANY($1::text[]) ORDER BY name`,
      [las === '*' ? null : las],
    );
    return rows.map((r: { la_code: string; name: string }) => ({ la: r.la_code, name: r.name }));
  }

  async laName(la: string): Promise<string | null> {
    const [row] = await this.db.query(`SELECT name FROM local_authorities WHERE la_code = $1`, [la]);
    return row?.name ?? null;
  }

  /** Weeks with a stored summary, newest first. */
  async summaryWeeks(la: string, limit = 12): Promise<string[]> {
    const rows = await this.db.query(`SELECT week FROM weekly_summaries WHERE la_code = $1 ORDER BY week_start DESC LIMIT $2`, [la, limit]);
    return rows.map((r: { week: string }) => r.week);
  }
}
