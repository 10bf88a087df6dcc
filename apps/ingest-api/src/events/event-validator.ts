import { type ValidationError, validateSync } from 'class-validator';
import { type StoredEvent, toStoredEvent } from '@app/database';
import { EVENT_TYPES, PATHWAYS, type Pathway } from '@app/rules';
import { compiledCheckFor } from './dto/compiled-checks';
import { dtoFor, notFieldKeys, toDtoInstance } from './dto/event-dto-registry';
import type { RecordError } from './ingest-error';

export interface ValidationContext {
  /** LA codes the system knows (from local_authorities). */
  knownLas: ReadonlySet<string>;
  /** Today in Europe/London: no event may be dated after it. */
  today: string;
  /** LAs the caller may write (an API key has one); absent: any known LA. */
  writableLas?: ReadonlySet<string>;
}

export type RecordResult = { event: StoredEvent; errors?: undefined } | { event?: undefined; errors: RecordError[] };

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, validationError: { target: false } } as const;

/** class-validator's tree of errors, flattened to one line per field ("phaseTransfer.year"). */
function flatten(errors: ValidationError[], index: number, eventId: string | undefined, prefix = ''): RecordError[] {
  const out: RecordError[] = [];
  for (const e of errors) {
    const field = prefix + e.property;
    const constraints = Object.entries(e.constraints ?? {});
    if (constraints.length) {
      // One line per field, its failed rules joined (a bad year fails integer, min and max).
      const reasons = constraints.map(([rule, message]) =>
        rule === 'whitelistValidation' ? `${field} is not a field of this event type` : message,
      );
      out.push({ index, eventId, field, reason: reasons.join('; ') });
    }
    if (e.children?.length) out.push(...flatten(e.children, index, eventId, `${field}.`));
  }
  return out;
}

function typeError(index: number, eventId: string | undefined, pathway: Pathway, type: unknown): RecordError {
  return {
    index,
    eventId,
    field: 'type',
    reason: `type ${JSON.stringify(type)} is not an event of pathway ${pathway}; expected one of ${EVENT_TYPES[pathway].join(', ')}`,
  };
}

/** Dates that must keep their order relative to the event's own date. */
function dateOrderErrors(e: StoredEvent, index: number, today: string): RecordError[] {
  const errors: RecordError[] = [];
  const at = (field: string, reason: string) => errors.push({ index, eventId: e.eventId, field, reason });
  if (e.date > today) at('date', `date ${e.date} is in the future (today is ${today}, Europe/London)`);
  const p = e.payload as { birthDate?: string; until?: string; planIssuedOn?: string };
  if (p.birthDate && p.birthDate > e.date) at('birthDate', `birthDate ${p.birthDate} is after the event date ${e.date}`);
  if (p.until && p.until < e.date) at('until', `until ${p.until} is before the event date ${e.date}`);
  if (p.planIssuedOn && p.planIssuedOn > e.date) {
    at('planIssuedOn', `planIssuedOn ${p.planIssuedOn} is after the event date ${e.date}`);
  }
  return errors;
}

/**
 * Validates one raw record of a batch or file against the contract; never throws. A record of a
 * known type goes first through its DTO's compiled check (dto/compiled-checks.ts), and through
 * class-validator only if that does not pass it, for the exact errors. `compiled: false` runs
 * class-validator on every record (the reference the compiled checks are tested against).
 */
export function validateEventRecord(raw: unknown, index: number, ctx: ValidationContext, compiled = true): RecordResult {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { errors: [{ index, field: '(record)', reason: 'each record must be a JSON object' }] };
  }
  const record = raw as Record<string, unknown>;
  const eventId = typeof record.eventId === 'string' ? record.eventId : undefined;
  const pathway = record.pathway as Pathway;
  const known = PATHWAYS.includes(pathway);
  const dto = known ? dtoFor(pathway, String(record.type)) : undefined;
  const errors: RecordError[] = [];
  if (known && !dto) errors.push(typeError(index, eventId, pathway, record.type));
  for (const field of notFieldKeys(record)) errors.push({ index, eventId, field, reason: `${field} is not a field of this event type` });

  // Without a known type, check the envelope alone so every other bad field is still reported.
  const target = dto ?? dtoFor('ehc_assessment', 'withdrawn')!;
  const instance = toDtoInstance(target, record);
  if (!(compiled && dto && !errors.length && compiledCheckFor(dto)(instance))) {
    const found = validateSync(instance, dto ? OPTIONS : { validationError: { target: false } });
    errors.push(...flatten(found, index, eventId));
    if (errors.length) return { errors };
  }

  const event = toStoredEvent(instance as unknown as Record<string, unknown>);
  if (!ctx.knownLas.has(event.la)) {
    errors.push({ index, eventId, field: 'la', reason: `la ${event.la} is not a known local authority code` });
  } else if (ctx.writableLas && !ctx.writableLas.has(event.la)) {
    errors.push({ index, eventId, field: 'la', reason: `la ${event.la} is outside the LAs this caller may write` });
  }
  errors.push(...dateOrderErrors(event, index, ctx.today));
  return errors.length ? { errors } : { event };
}
