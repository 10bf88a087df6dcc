import { Injectable } from '@nestjs/common';
import { LA_CODE, type Principal } from '@app/access';
import { CredentialsRepository, type KeyRow } from './credentials.repository';
import { API_KEY_PREFIX, hashSecret, keyDisplayPrefix, newSecret } from './tokens';

export class KeyInvalidError extends Error {
  override name = 'KeyInvalidError';
}

/** The longest life a key may be given; a key that should never expire is made without one. */
export const KEY_MAX_DAYS = 3650;

/**
 * A key's expiry, if it has one: a whole number of days from 1. Zero once made a key that never
 * expired (0 was read as "none"), and a negative number one that had expired when it was shown.
 */
function expiryOf(days: number | undefined, now: number): Date | null {
  if (days === undefined) return null;
  if (!Number.isInteger(days) || days < 1 || days > KEY_MAX_DAYS) {
    throw new KeyInvalidError(
      `a key's expiry must be a whole number of days from 1 to ${KEY_MAX_DAYS} (got ${days}); leave it out for a key that does not expire`,
    );
  }
  return new Date(now + days * 86_400_000);
}

/** API keys for the systems that send events: one LA each, shown once, stored as SHA-256, revocable. */
@Injectable()
export class ApiKeysService {
  constructor(private readonly repo: CredentialsRepository) {}

  async create(la: string, name: string, expiresInDays?: number): Promise<{ key: string; row: KeyRow }> {
    if (!LA_CODE.test(la)) throw new KeyInvalidError(`${la} is not a three-digit LA code`);
    if (!name.trim() || name.length > 100) throw new KeyInvalidError('a key needs a name (up to 100 characters)');
    const expiresAt = expiryOf(expiresInDays, Date.now());
    const key = newSecret(API_KEY_PREFIX);
    const row = await this.repo.insertKey(la, name.trim(), keyDisplayPrefix(key), hashSecret(key), expiresAt);
    return { key, row };
  }

  async revoke(keyId: string): Promise<KeyRow | undefined> {
    if (!/^\d{1,18}$/.test(keyId)) throw new KeyInvalidError(`${keyId} is not a key id`);
    return this.repo.revokeKey(keyId);
  }

  list(la?: string): Promise<KeyRow[]> {
    return this.repo.listKeys(la);
  }

  async principalForKey(key: string): Promise<Principal | undefined> {
    const row = await this.repo.liveKey(hashSecret(key));
    if (!row) return undefined;
    return { kind: 'key', id: row.key_id, label: row.name, role: 'ingest', las: [row.la_code] };
  }
}
