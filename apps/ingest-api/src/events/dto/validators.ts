import { ValidationOptions, registerDecorator } from 'class-validator';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1990;
}

export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a calendar date written YYYY-MM-DD', ...options },
      validator: { validate: isCalendarDate },
    });
}

/**
 * References are pseudonymous: letters, digits and - _ . / : only, with at least one digit,
 * so a plain name ("Smith") is refused at the door.
 */
export const REFERENCE_PATTERN = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9._\/:-]{0,63}$/;
export const REFERENCE_MESSAGE =
  '$property must be a pseudonymous reference of up to 64 letters, digits and - _ . / : with at least one digit (never a name)';

/** Short machine codes for free-ish vocabularies (closure reasons): no room for names or prose. */
export const CODE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
