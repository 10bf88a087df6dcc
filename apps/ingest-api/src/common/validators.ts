// Validators shared by every DTO and query of the API (events, cases, audit, targets, reports,
// pages): one definition of a calendar date, of an LA code and list, and of a pseudonymous reference.
import { ValidationOptions, registerDecorator } from 'class-validator';
import { LA_CODE_MESSAGE, LA_LIST_MESSAGE, isLaCode, parseLaList } from '@app/access';
import { isIsoDate } from '@app/rules';

/** Dates before this are typing mistakes, not SEND records. */
const EARLIEST = '1990-01-01';

/** True for a real calendar date written YYYY-MM-DD (rejects 2026-02-30): libs/rules isIsoDate, from 1990. */
export function isCalendarDate(value: unknown): value is string {
  return isIsoDate(value) && value >= EARLIEST;
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

/** One LA code, exactly (libs/access: the auth guard checks the same codes). */
export function IsLaCode(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLaCode',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: LA_CODE_MESSAGE, ...options },
      validator: { validate: isLaCode },
    });
}

/** One or more LA codes, repeated or comma-separated, read by the auth guard's own parser. */
export function IsLaList(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isLaList',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: LA_LIST_MESSAGE, ...options },
      validator: {
        validate: (value: unknown) => {
          const list = parseLaList(value);
          return list.codes.length > 0 && list.malformed.length === 0;
        },
      },
    });
}

/**
 * References are pseudonymous: letters, digits and - _ . / : only, with at least one digit,
 * so a plain name ("Smith") is refused at the door.
 */
export const REFERENCE_PATTERN = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9._/:-]{0,63}$/;
export const REFERENCE_MESSAGE =
  '$property must be a pseudonymous reference of up to 64 letters, digits and - _ . / : with at least one digit (never a name)';

/** Short machine codes for free-ish vocabularies (closure reasons): no room for names or prose. */
export const CODE_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;
