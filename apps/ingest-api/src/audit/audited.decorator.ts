import { SetMetadata } from '@nestjs/common';

export const AUDITED = 'audit:action';

export interface AuditedOptions {
  /** What the trail calls it ('case.read'). */
  action: string;
}

/**
 * Records a read in the audit trail (writes, every non-GET route, are recorded without it). Put
 * it on every route (or controller) that shows a case or lists cases.
 */
export const Audited = (action: string) => SetMetadata(AUDITED, { action } satisfies AuditedOptions);
