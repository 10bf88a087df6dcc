// The pages' own queries: caseworker lists from the stored milestones, a case's alerts, the LAs
// with cases, the latest stored weekly summary. Reports' figures come from ReportsService.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ALERT_SELECT, pathwaysOfTeam, teamOf, toAlertView, type AlertView } from '@app/compliance';
import { EventReader, inTransaction, ONE_LA_SETTINGS } from '@app/database';
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
 * Open steps of open cases that are overdue as of today ($2), fall due by soonUntil ($3), or have an
 * exception lifting their limit (the work still has to be done). States come from the stored
 * evaluation, dates are judged against today so a list is right between nightly passes. Each list
 * is a range of case_milestones_open_idx (la_code, state, due_on, pathway, caseworker_ref,
 * assignee_ref); a team ($5: its pathways) and a person are tested in the index, not on the rows.
 */
const DATED = `m.state IN ('pending', 'overdue')`;
const LIST_RANGES: Record<WorkList, string> = {
  exempt: `m.state = 'exempt'`,
  target_passed: `${DATED} AND m.due_on < $2::date AND m.kind = ANY($6::text[])`,
  overdue: `${DATED} AND m.due_on < $2::date AND m.kind <> ALL($6::text[])`,
  due_soon: `${DATED} AND m.due_on BETWEEN $2::date AND $3::date`,
};
/** Every list at once: the dated lists are one range of due dates. */
const ALL_RANGES = [LIST_RANGES.exempt, `${DATED} AND m.due_on <= $3::date`];

/** The list a listed step is on (the ranges above, told apart; every query names $2, $3 and $6 here). */
const LIST = `CASE WHEN m.state = 'exempt' THEN 'exempt' WHEN m.due_on < $2::date AND m.kind = ANY($6::text[]) THEN 'target_passed'
    WHEN m.due_on < $2::date THEN 'overdue' WHEN m.due_on <= $3::date THEN 'due_soon' END`;

/**
 * The listed steps in `ranges`, from the steps alone: an open step belongs to an open case (a closed
 * case's steps are all done, libs/rules), carries its case's caseworker, and its team is its
 * pathway's (teamOf). A person's ($4) steps are every open step of the cases they hold
 * (caseworker_ref) and the steps they hold on others' (assignee_ref: a service's advice), spelled
 * out range by range: an OR across the two columns inside the ranges' OR reaches no index.
 */
const listedSteps = (ranges: string[], person: boolean, join = '') => `
  FROM case_milestones m ${join}
  WHERE m.la_code = $1 AND m.done_on IS NULL AND ${
    person
      ? `(${['caseworker_ref', 'assignee_ref'].flatMap((holder) => ranges.map((r) => `(${r} AND m.${holder} = $4)`)).join(' OR ')})`
      : `$4::text IS NULL AND (${ranges.map((r) => `(${r})`).join(' OR ')})`
  }
    AND ($5::text[] IS NULL OR m.pathway = ANY($5::text[]))`;

/** An alert still to acknowledge (the count a step's row shows for its case). */
const TO_ACKNOWLEDGE = 'a.resolved_at IS NULL AND a.acknowledged_at IS NULL';

/** A step's case's alerts to acknowledge, counted for its row: for a few rows (a page, a person's lists). */
const OWN_ALERTS = `(SELECT count(*)::int FROM alerts a WHERE a.la_code = m.la_code AND a.case_ref = m.case_ref AND ${TO_ACKNOWLEDGE})`;

/** The LA's ($1) cases with alerts to acknowledge, each with how many (n). */
const ALERTS_BY_CASE = `SELECT a.case_ref, count(*)::int AS n FROM alerts a WHERE a.la_code = $1 AND ${TO_ACKNOWLEDGE} GROUP BY 1`;

/**
 * Every case's open alerts counted once, not once a step: for many rows (everyone's whole lists,
 * the largest LA's 11,000 open alerts counted by case in 9 ms against 23 ms counting each row's).
 */
const OPEN_ALERTS_JOIN = `LEFT JOIN (${ALERTS_BY_CASE}) oa ON oa.case_ref = m.case_ref`;

const STEP_COLUMNS = `${LIST} AS list,
    m.case_ref, m.pathway, m.milestone_key, m.kind, m.service, m.clock_from::text, m.due_on::text, m.exception_reason,
    m.assignee_ref, m.caseworker_ref`;

/** The lists' own order: by due date, then case and step. */
const BY_DUE = 'm.due_on, m.case_ref, m.milestone_key';

/**
 * Every listed step: a person's few by the ranges' OR (a step may be theirs twice, as caseworker and
 * holder); everyone's or a team's range by range, each read from the open-steps index alone (it
 * carries every column shown; an OR of ranges is read through the table, a page a step or so), and
 * their alerts to acknowledge from the open alerts' index: the largest LA's 11,700 steps at national
 * size 318 buffers instead of 4,296.
 */
const workItems = (person: boolean) =>
  person
    ? `SELECT ${STEP_COLUMNS}, ${OWN_ALERTS} AS open_alerts ${listedSteps(ALL_RANGES, true)} ORDER BY ${BY_DUE}`
    : `SELECT s.*, coalesce(oa.n, 0) AS open_alerts
       FROM (${ALL_RANGES.map((r) => `SELECT ${STEP_COLUMNS} ${listedSteps([r], false)}`).join(' UNION ALL ')}) s
       LEFT JOIN (${ALERTS_BY_CASE}) oa ON oa.case_ref = s.case_ref
       ORDER BY s.due_on::date, s.case_ref, s.milestone_key`;

/**
 * How many steps each list holds for everyone or a team (every matching row, not a page of them),
 * range by range from the index alone: their OR would be read as every open step of the LA (an
 * index-only scan cannot join two ranges). A person's lists are read whole (workItems) and counted
 * from their rows.
 */
const WORK_COUNTS = `SELECT list, sum(n)::int AS n FROM (${ALL_RANGES.map(
  (r) => `SELECT ${LIST} AS list, count(*) AS n ${listedSteps([r], false)} GROUP BY 1`,
).join(' UNION ALL ')}) c GROUP BY list`;

const WORK_ITEMS = { person: workItems(true), all: workItems(false) };
const shape = (f: WorkFilter) => (f.assignee ? 'person' : 'all');

/** Counts, pages and a filter's reads are for everyone or a team; a person's few steps are read whole. */
function everyoneOrTeam(f: WorkFilter): void {
  if (f.assignee) throw new Error("a person's lists are read whole (workItems), not counted or paged");
}

/**
 * How a page of one list is sorted, ties kept in the lists' own order: by the due date, the case or
 * the step's holder (references compare without case, as a page sorts them), the case's alerts to
 * acknowledge, or a code's rank (`ranks[i]`: where `codes[i]` sorts by its words; equal words, equal ranks).
 */
export type WorkOrder =
  | { by: 'due' | 'case' | 'holder' | 'alerts'; desc: boolean }
  | { by: 'step' | 'exception' | 'pathway'; codes: string[]; ranks: number[]; desc: boolean };

/**
 * Where a filter's words ($7, `needle`: lower case, single spaces) may be in a list's rows, as each
 * column's own words found them: a case or holder reference holding the needle, no holder when its
 * words ('Not assigned') do, and the due dates, codes and counts of alerts whose words do.
 */
export interface WorkWords {
  needle: string;
  unassigned: boolean;
  dueOn: string[];
  codes: Record<keyof typeof CODES, string[]>;
  alerts: number[];
}

/** The values the due dates and alert counts of a list's rows are among (codes are known without reading). */
export interface WorkValues {
  dueOn: string[];
  alerts: number[];
}

/** The codes a step's words are made of (a step: its kind and service), by the column they are read in. */
const CODES = {
  step: `m.kind || '|' || coalesce(m.service, '')`,
  exception: `coalesce(m.exception_reason, '')`,
  pathway: 'm.pathway',
};

/** A ranked code's rank ($9 the codes, $10 their ranks), joined by hash: a sort reads the whole list. */
const ranked = (code: string) => ({ key: 'r.rank', join: `LEFT JOIN unnest($9::text[], $10::int[]) AS r(code, rank) ON r.code = ${code}` });

/** What a page is sorted by, and what is joined to sort by it. */
const ORDERS: Record<WorkOrder['by'], { key: string; join?: string }> = {
  due: { key: 'm.due_on' },
  case: { key: 'lower(m.case_ref)' },
  holder: { key: `lower(coalesce(m.assignee_ref, ''))` },
  alerts: { key: 'coalesce(oa.n, 0)', join: OPEN_ALERTS_JOIN },
  step: ranked(CODES.step), // a step is its kind and service, as its words are
  exception: ranked(CODES.exception),
  pathway: ranked(CODES.pathway),
};

/**
 * One page ($7 rows from $8) of one list, sorted by the database: the page's steps are chosen from
 * the open-steps index (it carries their keys, kind and service), then only they are read whole.
 */
const workPage = (list: WorkList, order: WorkOrder) => {
  const { key, join } = ORDERS[order.by];
  const sorted = (by: string, step: string) => `${by}${order.desc ? ' DESC' : ''}, ${step}.due_on, ${step}.case_ref, ${step}.milestone_key`;
  return `WITH page AS (
    SELECT m.case_ref, m.milestone_key, m.due_on, ${key} AS sort_key ${listedSteps([LIST_RANGES[list]], false, join)}
    ORDER BY ${sorted(key, 'm')} LIMIT $7 OFFSET $8)
  SELECT ${STEP_COLUMNS}, ${OWN_ALERTS} AS open_alerts
  FROM page p JOIN case_milestones m ON m.la_code = $1 AND m.case_ref = p.case_ref AND m.milestone_key = p.milestone_key
  ORDER BY ${sorted('p.sort_key', 'p')}`;
};

/**
 * The steps of one list whose cells may hold a filter's words (see WorkWords), and its parameters
 * after the lists' six: a reference holding the needle, or a value whose words do; only the kinds
 * of value some of whose words do are looked at. The steps are chosen from the open-steps index
 * (it carries every column looked at but the exception), then only they are read whole.
 * References are compared lower-cased, as the filter compares them (they hold no spaces).
 */
function workMatching(list: WorkList, w: WorkWords): { sql: string; params: unknown[] } {
  const params: unknown[] = [w.needle];
  const terms = ['strpos(lower(m.case_ref), $7) > 0', 'strpos(lower(m.assignee_ref), $7) > 0'];
  const among = (column: string, values: unknown[], type: string) => {
    if (!values.length) return;
    params.push(values);
    terms.push(`${column} = ANY($${6 + params.length}::${type}[])`);
  };
  if (w.unassigned) terms.push('m.assignee_ref IS NULL');
  among('m.due_on', w.dueOn, 'date');
  among(CODES.step, w.codes.step, 'text');
  among(CODES.exception, w.codes.exception, 'text');
  among(CODES.pathway, w.codes.pathway, 'text');
  among('coalesce(oa.n, 0)', w.alerts, 'int');
  const sql = `WITH hit AS (
    SELECT m.case_ref, m.milestone_key ${listedSteps([LIST_RANGES[list]], false, w.alerts.length ? OPEN_ALERTS_JOIN : '')}
      AND (${terms.join(' OR ')}))
  SELECT ${STEP_COLUMNS}, ${OWN_ALERTS} AS open_alerts
  FROM hit h JOIN case_milestones m ON m.la_code = $1 AND m.case_ref = h.case_ref AND m.milestone_key = h.milestone_key
  ORDER BY ${BY_DUE}`;
  return { sql, params };
}

/** The due dates of the listed steps, range by range from the index, as the counts read them. */
const WORK_DUE_DATES = `SELECT array(${ALL_RANGES.map((r) => `SELECT m.due_on::text ${listedSteps([r], false)}`).join(' UNION ')}) AS v
  FROM (VALUES ($2::date, $6::text[])) AS unused(today, internal)`; // the lists' other parameters, typed

/** How many alerts to acknowledge the LA's cases have (none aside). */
const WORK_ALERT_COUNTS = `SELECT array(SELECT DISTINCT oa.n FROM (${ALERTS_BY_CASE}) oa) AS v`;

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

  /** Every listed step for the filter, in the lists' own order (a filter's words and a CSV read them all). */
  async workItems(f: WorkFilter): Promise<WorkItem[]> {
    // Without parallel workers: everyone's lists in the largest LA (11,700 steps) took 56 ms with
    // two started against 26 ms without, at national size.
    const rows = await inTransaction(this.db, { local: ONE_LA_SETTINGS }, (tx) => tx.query(WORK_ITEMS[shape(f)], workParams(f)));
    return this.items(rows);
  }

  /** `limit` steps of one list from `offset`, in `order`: a page without carrying the whole list (everyone's or a team's). */
  async workPage(f: WorkFilter, list: WorkList, order: WorkOrder, offset: number, limit: number): Promise<WorkItem[]> {
    everyoneOrTeam(f);
    const params = [...workParams(f), limit, offset, ...('ranks' in order ? [order.codes, order.ranks] : [])];
    return this.items(await this.db.query(workPage(list, order), params));
  }

  /**
   * What the words of everyone's or a team's lists are made of, beyond the codes (see WorkWords):
   * the kinds `wanted`, each read by a statement of its own beside the other; none for the rest.
   */
  async workValues(f: WorkFilter, wanted: Record<keyof WorkValues, boolean>): Promise<WorkValues> {
    everyoneOrTeam(f);
    const read = async <T>(want: boolean, sql: string, params: unknown[]): Promise<T[]> =>
      want ? ((await this.db.query(sql, params))[0].v as T[]) : [];
    const [dueOn, alerts] = await Promise.all([
      read<string>(wanted.dueOn, WORK_DUE_DATES, workParams(f)),
      read<number>(wanted.alerts, WORK_ALERT_COUNTS, [f.la]),
    ]);
    return { dueOn, alerts };
  }

  /** Every step of one list whose cells may hold the words, in the lists' own order (the filter then decides). */
  async workMatching(f: WorkFilter, list: WorkList, w: WorkWords): Promise<WorkItem[]> {
    everyoneOrTeam(f);
    const { sql, params } = workMatching(list, w);
    // Without parallel workers: starting two cost the largest LA's list about 25 ms, more than they saved.
    const rows = await inTransaction(this.db, { local: ONE_LA_SETTINGS }, (tx) => tx.query(sql, [...workParams(f), ...params]));
    return this.items(rows);
  }

  private items(rows: WorkItemRow[]): WorkItem[] {
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

  /** Steps overdue, due soon and with an exception for everyone or a team, counted in the database. */
  async workCounts(f: WorkFilter): Promise<Record<WorkList, number>> {
    everyoneOrTeam(f);
    const rows: { list: WorkList; n: number }[] = await this.db.query(WORK_COUNTS, workParams(f));
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
