// The rows MilestonesRepository.write stores, as PostgreSQL reads them: one JSON parameter for the few
// cases of a write by change, or COPY text into temporary tables for a full pass's chunk (thousands
// of cases: no keys to write and read, nothing parsed twice). One column list a table serves both.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyText } from '@app/database';
import type { AlertInsert, EvaluationRow, MilestoneInsert } from './case-outcome';

/** The columns of each kind of row, in the order of its COPY line and of json_to_recordset's record. */
export const ROW_COLUMNS = {
  evaluations: `case_ref text, pathway text, child_ref text, need_code text, status text, outcome text,
    started_on date, closed_on date, wait_clock_start date, wait_stopped_on date, wait_days int, assignee_ref text,
    team text, event_count int, changes_on date, fingerprint text, summary jsonb`,
  milestones: `case_ref text, milestone_key text, pathway text, kind text, service text, cycle int, clock_from date,
    due_on date, done_on date, state text, exception_reason text, assignee_ref text`,
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
  await pipeline(Readable.from(text), client.query(copyFrom(`COPY ${passTable(kind)} FROM STDIN`)));
}

// Codes, dates and numbers the rules write hold nothing to escape; a reference or a text from the
// events might (copyText).
const text = (v: string | null): string => (v === null ? '\\N' : copyText(v));
const code = (v: string | number | null): string => (v === null ? '\\N' : String(v));

export function evaluationLines(rows: readonly EvaluationRow[]): string {
  let out = '';
  for (const e of rows) {
    out +=
      `${text(e.case_ref)}\t${code(e.pathway)}\t${text(e.child_ref)}\t${text(e.need_code)}\t${code(e.status)}\t` +
      `${code(e.outcome)}\t${code(e.started_on)}\t${code(e.closed_on)}\t${code(e.wait_clock_start)}\t` +
      `${code(e.wait_stopped_on)}\t${code(e.wait_days)}\t${text(e.assignee_ref)}\t${text(e.team)}\t${e.event_count}\t` +
      `${code(e.changes_on)}\t${code(e.fingerprint)}\t${copyText(JSON.stringify(e.summary))}\n`;
  }
  return out;
}

export function milestoneLines(rows: readonly MilestoneInsert[]): string {
  let out = '';
  for (const m of rows) {
    out +=
      `${text(m.case_ref)}\t${text(m.milestone_key)}\t${code(m.pathway)}\t${code(m.kind)}\t${text(m.service)}\t` +
      `${code(m.cycle)}\t${m.clock_from}\t${m.due_on}\t${code(m.done_on)}\t${code(m.state)}\t` +
      `${text(m.exception_reason)}\t${text(m.assignee_ref)}\n`;
  }
  return out;
}

export function alertLines(rows: readonly AlertInsert[]): string {
  let out = '';
  for (const a of rows) {
    out +=
      `${text(a.case_ref)}\t${text(a.milestone_key)}\t${code(a.kind)}\t${code(a.pathway)}\t${text(a.service)}\t` +
      `${a.due_on}\t${text(a.recipient_ref)}\t${text(a.dedupe_key)}\n`;
  }
  return out;
}
