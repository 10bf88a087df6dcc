// Validates a target body against its DTO and answers like POST /v1/events: 422, every bad
// field named (index 0: one record), nothing written.
import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { IngestRejectedError, type RecordError } from '../events/ingest-error';

function flatten(errors: ValidationError[], prefix = ''): RecordError[] {
  const out: RecordError[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property) ? `${prefix.replace(/\.$/, '')}[${e.property}]` : prefix + e.property;
    const constraints = e.constraints ?? {};
    // A missing field fails every rule; saying it is required is enough.
    const messages = constraints.isDefined
      ? [constraints.isDefined]
      : Object.entries(constraints).map(([rule, m]) => (rule === 'whitelistValidation' ? `${field} is not a field of a target` : m));
    if (messages.length) out.push({ index: 0, field, reason: messages.join('; ') });
    if (e.children?.length) out.push(...flatten(e.children, `${field}.`));
  }
  return out;
}

/** Rejects with one error for the whole body, e.g. from the service's meaning checks. */
export const rejectTarget = (field: string, reason: string) => new IngestRejectedError([{ index: 0, field, reason }], 1);

export function checkTargetBody<T extends object>(cls: new () => T, body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw rejectTarget('(record)', 'the body must be one JSON object');
  const instance = plainToInstance(cls, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false } });
  if (errors.length) throw new IngestRejectedError(flatten(errors), 1);
  return instance;
}
