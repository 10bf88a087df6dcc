import { Injectable } from '@nestjs/common';
import { LA_CODE, type Principal } from '@app/access';
import { CredentialsRepository, type KeyRow } from './credentials.repository';
import { API_KEY_PREFIX, hashSecret, keyDisplayPrefix, newSecret } from './tokens';

export class KeyInvalidError extends Error {
  override name = 'KeyInvalidError';
}

/** API keys for the systems that send events: one LA each, shown once, stored as SHA-256, revocable. */
@Injectable()
export class ApiKeysService {
  constructor(private readonly repo: CredentialsRepository) {}

  async create(la: string, name: string, expiresInDays?: number): Promise<{ key: string; row: KeyRow }> {
    if (!LA_CODE.test(la)) throw new KeyInvalidError(`${la} is not a three-digit LA code`);
    if (!name.trim() || name.length > 100) throw new KeyInvalidError('a key needs a name (up to 100 characters)');
    const key = newSecret(API_KEY_PREFIX);
    const expiresAt = expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null;
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
