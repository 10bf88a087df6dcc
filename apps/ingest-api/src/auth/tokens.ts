import { createHash, randomBytes } from 'node:crypto';

/** API keys and session tokens say what they are, so a leaked one is easy to recognise and revoke. */
export const API_KEY_PREFIX = 'smk_';
export const SESSION_PREFIX = 'sms_';

/** 256 random bits, URL-safe: guessing is hopeless, so a fast hash is the right way to store it. */
export function newSecret(prefix: string): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** What is stored for a key or token: its SHA-256, never the secret itself. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A key's visible start (prefix and 6 characters) to tell keys apart in lists. */
export function keyDisplayPrefix(key: string): string {
  return key.slice(0, API_KEY_PREFIX.length + 6);
}

/** A password for a new account when none is given: 18 random bytes, URL-safe. */
export function newPassword(): string {
  return randomBytes(18).toString('base64url');
}
