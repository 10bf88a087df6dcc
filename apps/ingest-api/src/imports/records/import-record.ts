// One file an import took or refused, as file_imports holds it (one row per LA the file names).

export type ImportKind = 'events' | 'sen2' | 'extract' | 'school_return';

/** The kinds in words, for pages and the command line. */
export const IMPORT_KIND_NAMES: Record<ImportKind, string> = {
  events: 'Events (CSV)',
  sen2: 'SEN2 return',
  extract: 'Extract',
  school_return: 'School SEN support return',
};

export interface ImportRecordInput {
  la: string;
  kind: ImportKind;
  profile: string | null;
  outcome: 'imported' | 'refused';
  /** Who: a signed-in person or key, or the command line. */
  actor: { kind: string; id: string | null; label: string | null };
  fileSha256: string | null;
  bytes: number;
  records: number;
  inserted: number;
  duplicates: number;
  cases: number;
  newCases: number;
  retracted: number;
  problems: number;
  /** The file's records of this LA per pathway. */
  byPathway: Record<string, number>;
}

export interface ImportRecord extends Omit<ImportRecordInput, 'actor'> {
  importId: string;
  /** ISO timestamp. */
  at: string;
  actorLabel: string | null;
}
