import type { Principal } from '@app/access';

/** One line of the audit trail: who, when (stamped by the database), which LA and case, what. */
export interface AuditEntry {
  principal?: Principal;
  /** Who acted when there is no principal: the command line ('cli (user)'), recorded as actor_kind 'system'. */
  system?: string;
  action: string;
  la?: string | null;
  caseRef?: string | null;
  method?: string | null;
  path?: string | null;
  status?: number | null;
  /** Counts and codes only: never a payload or a child reference. */
  detail?: Record<string, string | number | boolean | null>;
}

export interface AuditRow {
  auditId: string;
  at: string;
  la: string | null;
  actorKind: string;
  actorId: string | null;
  actorLabel: string | null;
  actorRole: string | null;
  action: string;
  caseRef: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  detail: Record<string, unknown>;
}

export interface AuditFilter {
  la?: string;
  actor?: string;
  action?: string;
  caseRef?: string;
  from?: string;
  to?: string;
  limit: number;
}

export const AUDIT_CSV_COLUMNS: (keyof AuditRow)[] = [
  'auditId',
  'at',
  'la',
  'actorKind',
  'actorId',
  'actorLabel',
  'actorRole',
  'action',
  'caseRef',
  'method',
  'path',
  'status',
  'detail',
];
