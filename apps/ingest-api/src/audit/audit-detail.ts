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

/** What a request's body is about, for its audit record: the first record's LA, the one case every record names. */
export interface AuditSubject {
  /** Kept only if it is an LA code. */
  la: unknown;
  /** Null when the records name more than one case, or none. */
  caseRef: string | null;
}

/** Reads a body's records (all at once, or a slice at a time as a batch arrives) for its AuditSubject. */
export class BodySubject {
  private records = 0;
  private la: unknown;
  private readonly cases = new Set<unknown>();

  note(records: readonly unknown[]): void {
    if (!this.records && records.length) this.la = (records[0] as { la?: unknown } | null | undefined)?.la;
    this.records += records.length;
    for (let k = 0; k < records.length && this.cases.size < 2; k++) {
      const r = records[k];
      this.cases.add(r && typeof r === 'object' ? (r as { caseRef?: unknown }).caseRef : undefined);
    }
  }

  subject(): AuditSubject {
    const [only] = this.cases;
    return { la: this.la, caseRef: this.cases.size === 1 && typeof only === 'string' && only.length <= 64 ? only : null };
  }
}

/** The subject of a request's parsed body (none: an empty subject). */
export function parsedBodySubject(body: unknown): AuditSubject {
  const subject = new BodySubject();
  if (Array.isArray(body)) subject.note(body);
  else if (body && typeof body === 'object') subject.note([body]);
  return subject.subject();
}

const SUBJECT = 'auditSubject';

/** Notes the subject of a body its handler read itself (a batch of events read as it arrives), which req.body does not hold. */
export function setAuditSubject(res: Response, subject: AuditSubject): void {
  res.locals[SUBJECT] = subject;
}

export function auditSubjectOf(res: Response): AuditSubject | undefined {
  return res.locals?.[SUBJECT] as AuditSubject | undefined;
}
