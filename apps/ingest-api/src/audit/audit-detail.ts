import type { Response } from 'express';
import type { AuditEntry } from './audit-entry';

const KEY = 'auditDetail';

/**
 * Codes a handler adds to its request's audit record (a queue name, a job id, an outcome): for
 * answers with no body to count, such as a form's redirect. Never a payload or a child's data.
 */
export function setAuditDetail(res: Response, detail: NonNullable<AuditEntry['detail']>): void {
  res.locals[KEY] = { ...(res.locals[KEY] as object | undefined), ...detail };
}

export function auditDetailOf(res: Response): NonNullable<AuditEntry['detail']> {
  return (res.locals?.[KEY] as NonNullable<AuditEntry['detail']> | undefined) ?? {};
}
