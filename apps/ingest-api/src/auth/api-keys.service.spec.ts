import type { CredentialsRepository, KeyRow } from './credentials.repository';
import { ApiKeysService, KeyInvalidError } from './api-keys.service';

function setup() {
  const inserted: (Date | null)[] = [];
  const repo = {
    insertKey: async (la: string, name: string, prefix: string, _hash: string, expiresAt: Date | null) => {
      inserted.push(expiresAt);
      return { key_id: '1', la_code: la, name, key_prefix: prefix, expires_at: expiresAt } as unknown as KeyRow;
    },
  } as unknown as CredentialsRepository;
  return { keys: new ApiKeysService(repo), inserted };
}

describe('ApiKeysService.create', () => {
  it('gives a key no expiry when none is asked for, else one that many days ahead', async () => {
    const { keys, inserted } = setup();
    await keys.create('805', 'feed');
    await keys.create('805', 'feed', 30);
    expect(inserted[0]).toBeNull();
    expect(inserted[1]!.getTime() - Date.now()).toBeGreaterThan(29.99 * 86_400_000);
  });

  it.each([[0], [-1], [1.5], [NaN], [3651]])('refuses an expiry of %p days, writing nothing', async (days) => {
    // 0 once made a key that never expired, -1 one already expired when it was shown.
    const { keys, inserted } = setup();
    await expect(keys.create('805', 'feed', days)).rejects.toThrow(KeyInvalidError);
    await expect(keys.create('805', 'feed', days)).rejects.toThrow(/whole number of days from 1 to 3650/);
    expect(inserted).toEqual([]);
  });
});
