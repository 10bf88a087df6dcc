// The rows MilestonesRepository.write stores, as PostgreSQL reads them: one JSON parameter for the few
// cases of a write by change, or COPY text for a full pass's chunk (thousands of cases: no keys to
// write and read, nothing parsed twice), into temporary tables, or straight into the stored tables
// when none of its cases was stored. One column list a kind of row serves every form.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyText as copyTextOfLibrary } from '@app/database';
import type { AlertInsert, EvaluationRow, MilestoneInsert } from './case-outcome';

// Bound once: called through the library's re-exports (compiled to getters), each of a backfill's
// 20,000,000 values passed two getters first, about 1 s of node's time.
const copyText = copyTextOfLibrary;

/** The columns of each kind of row, in the order of its COPY line and of json_to_recordset's record. */
export const ROW_COLUMNS = {
  evaluations: `case_ref text, pathway text, child_ref text, need_code text, status text, outcome text,
    started_on date, closed_on date, wait_clock_start date, wait_stopped_on date, wait_days int, assignee_ref text,
    team text, event_count int, changes_on date, fingerprint text, summary jsonb, forecast_stage text, forecast_due date,
    forecast_at_risk boolean`,
  milestones: `case_ref text, milestone_key text, pathway text, kind text, service text, cycle int, clock_from date,
    due_on date, done_on date, state text, exception_reason text, assignee_ref text, caseworker_ref text`,
  alerts: `case_ref text, milestone_key text, kind text, pathway text, service text, due_on date, recipient_ref text,
    dedupe_key text`,
} as const;

export type RowKind = keyof typeof ROW_COLUMNS;

/** The temporary table a chunk's rows of a kind are copied into (emptied at each commit). */
export const passTable = (kind: RowKind) => `pass_${kind}`;

/** The rows as a FROM item `x`: the copied table, or the JSON parameter `param` (a chunk's or a list's). */
export const rowsFrom = (kind: RowKind, param: string | null) =>
  param === null ? `${passTable(kind)} x` : `json_to_recordset(${param}::json) AS x(${ROW_COLUMNS[kind]})`;

const CREATE_PASS_TABLES = (Object.keys(ROW_COLUMNS) as RowKind[])
  .map((kind) => `CREATE TEMP TABLE IF NOT EXISTS ${passTable(kind)} (${ROW_COLUMNS[kind]}) ON COMMIT DELETE ROWS`)
  .join('; ');

/** Connections that hold the temporary tables (a temporary table lives as long as its connection). */
const withPassTables = new WeakSet<PoolClient>();

/** Copies one kind of rows into its temporary table, in the open transaction of `client`. */
export async function copyRows(client: PoolClient, kind: RowKind, text: string): Promise<void> {
  if (!withPassTables.has(client)) {
    await client.query(CREATE_PASS_TABLES);
    withPassTables.add(client);
  }
  await copy(client, `COPY ${passTable(kind)} FROM STDIN`, text);
}

/** Where a kind of rows is stored, and its column of the day it was written as of. */
const STORED: Record<RowKind, { table: string; asOf: string }> = {
  evaluations: { table: 'case_evaluations', asOf: 'as_of' },
  milestones: { table: 'case_milestones', asOf: 'as_of' },
  alerts: { table: 'alerts', asOf: 'raised_on' },
};

const columnNames = (kind: RowKind) => ROW_COLUMNS[kind].split(',').map((c) => c.trim().split(/\s+/)[0]);

/**
 * Copies rows of cases new to the store straight into their table, with the LA and the day: there is
 * nothing stored to compare with or replace, and COPY inserts a page of rows at a time. A row
 * another transaction stored meanwhile fails it with a unique violation.
 */
export async function copyNewRows(
  client: PoolClient,
  kind: RowKind,
  la: string,
  asOf: string,
  lines: (before: string, after: string) => string,
): Promise<void> {
  const { table, asOf: asOfColumn } = STORED[kind];
  await copy(
    client,
    `COPY ${table} (la_code, ${columnNames(kind).join(', ')}, ${asOfColumn}) FROM STDIN`,
    lines(`${copyText(la)}\t`, `\t${asOf}`),
  );
}

const copy = (client: PoolClient, statement: string, text: string) => pipeline(Readable.from(text), client.query(copyFrom(statement)));

// Codes, dates and numbers the rules write hold nothing to escape; a reference or a text from the
// events might (copyText).
const text = (v: string | null): string => (v === null ? '\\N' : copyText(v));
const code = (v: string | number | boolean | null): string => (v === null ? '\\N' : String(v));

// Each builder's `before` and `after` add columns around every line (copyNewRows: the LA, the day).

export function evaluationLines(rows: readonly EvaluationRow[], before = '', after = ''): string {
  let out = '';
  for (const e of rows) {
    out +=
      `${before}${text(e.case_ref)}\t${code(e.pathway)}\t${text(e.child_ref)}\t${text(e.need_code)}\t${code(e.status)}\t` +
      `${code(e.outcome)}\t${code(e.started_on)}\t${code(e.closed_on)}\t${code(e.wait_clock_start)}\t` +
      `${code(e.wait_stopped_on)}\t${code(e.wait_days)}\t${text(e.assignee_ref)}\t${text(e.team)}\t${e.event_count}\t` +
      `${code(e.changes_on)}\t${code(e.fingerprint)}\t${copyText(JSON.stringify(e.summary))}\t${code(e.forecast_stage)}\t` +
      `${code(e.forecast_due)}\t${code(e.forecast_at_risk)}${after}\n`;
  }
  return out;
}

/** Lines of each case's steps (a list a case: no array of every step is made). */
export function milestoneLines(cases: readonly (readonly MilestoneInsert[])[], before = '', after = ''): string {
  let out = '';
  for (const rows of cases) {
    for (const m of rows) {
      out +=
        `${before}${text(m.case_ref)}\t${text(m.milestone_key)}\t${code(m.pathway)}\t${code(m.kind)}\t${text(m.service)}\t` +
        `${code(m.cycle)}\t${m.clock_from}\t${m.due_on}\t${code(m.done_on)}\t${code(m.state)}\t` +
        `${text(m.exception_reason)}\t${text(m.assignee_ref)}\t${text(m.caseworker_ref)}${after}\n`;
    }
  }
  return out;
}

/** Lines of each case's alerts. */
export function alertLines(cases: readonly (readonly AlertInsert[])[], before = '', after = ''): string {
  let out = '';
  for (const rows of cases) {
    for (const a of rows) {
      out +=
        `${before}${text(a.case_ref)}\t${text(a.milestone_key)}\t${code(a.kind)}\t${code(a.pathway)}\t${text(a.service)}\t` +
        `${a.due_on}\t${text(a.recipient_ref)}\t${text(a.dedupe_key)}${after}\n`;
    }
  }
  return out;
}
