// The CSV form of the event contract: one row per event, one column per field. Nested
// `phaseTransfer` is flattened to three columns; an empty cell means the field is absent.
import type { CaseEvent } from '@app/rules';

export const CSV_COLUMNS = [
  'eventId',
  'la',
  'caseRef',
  'childRef',
  'pathway',
  'type',
  'date',
  'needCode',
  'birthDate',
  'reassessment',
  'outcome',
  'service',
  'reason',
  'until',
  'planIssuedOn',
  'phaseTransferYear',
  'phaseTransferKind',
  'retractsEventId',
  'phaseTransferOn',
  'parentAgreedSooner',
  'exceptionReported',
  // sen_support, alternative_provision (issue 15)
  'schoolUrn',
  'ncYear',
  'providerUrn',
  'providerKind',
  'hoursPerWeek',
  'commissionedBy',
] as const;

export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Quotes a cell only when it must (RFC 4180). */
function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\n';
}

/** One event as a CSV line (with its newline). */
export function eventToCsvLine(event: CaseEvent): string {
  const flat: Record<string, unknown> = { ...event };
  const pt = (event as { phaseTransfer?: { year: number; kind: string; on?: string } }).phaseTransfer;
  if (pt) {
    flat.phaseTransferYear = pt.year;
    flat.phaseTransferKind = pt.kind;
    flat.phaseTransferOn = pt.on;
  }
  return CSV_COLUMNS.map((c) => cell(flat[c])).join(',') + '\n';
}

/**
 * A parsed CSV record back to the JSON shape the validator takes: empty cells dropped,
 * booleans and numbers typed, phaseTransfer re-nested. Unknown columns are kept so the
 * validator can name them.
 */
export function csvRecordToRaw(record: Record<string, string>): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    if (value === '' || value === undefined) continue;
    raw[key] = value;
  }
  return typedCells(raw);
}

const FLAGS = ['reassessment', 'parentAgreedSooner', 'exceptionReported'];
const NUMBERS = ['ncYear', 'hoursPerWeek'];

/**
 * The non-empty cells of a row by column name (CsvHeader.presentCells) as the validator takes
 * them, in place: booleans and numbers typed, phaseTransfer re-nested.
 */
export function typedCells(raw: Record<string, unknown>): Record<string, unknown> {
  for (const flag of FLAGS) {
    if (raw[flag] === undefined) continue;
    const v = String(raw[flag]).toLowerCase();
    raw[flag] = v === 'true' ? true : v === 'false' ? false : raw[flag];
  }
  // A cell is text: numbers the contract types as numbers are converted (a URN stays text: leading zeros).
  for (const field of NUMBERS) {
    if (raw[field] === undefined) continue;
    const n = Number(raw[field]);
    if (String(raw[field]).trim() !== '' && Number.isFinite(n)) raw[field] = n;
  }
  if (raw.phaseTransferYear !== undefined || raw.phaseTransferKind !== undefined || raw.phaseTransferOn !== undefined) {
    const year = Number(raw.phaseTransferYear);
    raw.phaseTransfer = {
      year: Number.isFinite(year) && raw.phaseTransferYear !== undefined ? year : raw.phaseTransferYear,
      kind: raw.phaseTransferKind,
      ...(raw.phaseTransferOn !== undefined ? { on: raw.phaseTransferOn } : {}),
    };
    delete raw.phaseTransferYear;
    delete raw.phaseTransferKind;
    delete raw.phaseTransferOn;
  }
  return raw;
}
