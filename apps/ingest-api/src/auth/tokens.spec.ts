import { API_KEY_PREFIX, SESSION_PREFIX, hashSecret, keyDisplayPrefix, newSecret } from './tokens';

describe('tokens', () => {
  it('makes distinct high-entropy secrets that name their kind', () => {
    const a = newSecret(API_KEY_PREFIX);
    const b = newSecret(API_KEY_PREFIX);
    expect(a).not.toBe(b);
    expect(a.startsWith(API_KEY_PREFIX)).toBe(true);
    expect(a.length).toBeGreaterThanOrEqual(API_KEY_PREFIX.length + 43);
    expect(newSecret(SESSION_PREFIX).startsWith(SESSION_PREFIX)).toBe(true);
  });

  it('stores a SHA-256 hash, stable and never the secret', () => {
    const key = newSecret(API_KEY_PREFIX);
    expect(hashSecret(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(key)).toBe(hashSecret(key));
    expect(hashSecret(key)).not.toContain(key.slice(4, 20));
    expect(keyDisplayPrefix(key)).toHaveLength(API_KEY_PREFIX.length + 6);
  });
});
