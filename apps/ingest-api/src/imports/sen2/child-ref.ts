// Child and case references for imported files: a keyed hash (HMAC-SHA256 with the deployment's
// secret) of an identifier the file holds, so the same child gets the same reference in every
// import, and no one without the secret can turn a reference back into a UPN. The identifier
// itself is dropped at the edge: it is never stored, logged or echoed.
import { createHmac } from 'node:crypto';

/** The secret comes from the environment only; an import refuses to start without one. */
export const CHILD_REF_SECRET_VARIABLE = 'CHILD_REF_SECRET';
const MIN_SECRET_LENGTH = 32;

export class MissingSecretError extends Error {
  constructor(reason: string) {
    super(
      `${reason}: imports derive child references with a keyed hash, so ${CHILD_REF_SECRET_VARIABLE} must be set in the ` +
        `environment to a random value of at least ${MIN_SECRET_LENGTH} characters (the same value for every import of this deployment)`,
    );
  }
}

/** The secret from the environment, or a MissingSecretError saying what to set. */
export function childRefSecret(env: NodeJS.ProcessEnv = process.env): string {
  const secret = env[CHILD_REF_SECRET_VARIABLE];
  if (!secret) throw new MissingSecretError(`${CHILD_REF_SECRET_VARIABLE} is not set`);
  if (secret.length < MIN_SECRET_LENGTH) throw new MissingSecretError(`${CHILD_REF_SECRET_VARIABLE} is too short`);
  return secret;
}

/** What a person is known by in a file: the first identifier present, in order of how stable it is. */
export interface PersonIdentity {
  upn?: string;
  uln?: string;
  /** Used only when a file has neither: surname, forename and date of birth together. */
  surname?: string;
  forename?: string;
  birthDate?: string;
}

const normalise = (s: string) => s.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, ' ');

/** The identifier a reference is derived from, or undefined when the file gives too little. */
export function identityKey(p: PersonIdentity): string | undefined {
  if (p.upn?.trim()) return `upn:${normalise(p.upn)}`;
  if (p.uln?.trim()) return `uln:${normalise(p.uln)}`;
  if (p.surname?.trim() && p.forename?.trim() && p.birthDate?.trim())
    return `person:${normalise(p.surname)}|${normalise(p.forename)}|${p.birthDate.trim()}`;
  return undefined;
}

const keyed = (secret: string, text: string, length: number) => createHmac('sha256', secret).update(text).digest('hex').slice(0, length);

/** "CH-" and 20 hex characters (80 bits): the child's reference. */
export const childRefOf = (secret: string, key: string): string => `CH-${keyed(secret, `child\u0000${key}`, 20)}`;

/** A case's reference from the child's identifier and what makes the case (e.g. the request's received date). */
export const caseRefOf = (secret: string, prefix: string, key: string, what: string): string =>
  `${prefix}-${keyed(secret, `case\u0000${key}\u0000${what}`, 20)}`;

/**
 * An event id from the event's content: the same file imported twice gives the same ids (all
 * duplicates), and a date corrected in a later file gives a new id (so it is a new event).
 */
export const contentEventId = (secret: string, parts: readonly (string | number | boolean | undefined)[]): string =>
  `imp-${keyed(secret, `event\u0000${parts.map((p) => (p === undefined ? '' : String(p))).join('\u0000')}`, 32)}`;
