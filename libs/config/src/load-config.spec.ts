import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('layers config files and the environment into typed settings', () => {
    const config = loadConfig({ APP_ENV: 'production', API_PORT: '8080', MIGRATE_ON_START: 'true' });
    expect(config).toMatchObject({ env: 'production', apiPort: 8080, migrateOnStart: true, ingestMaxBatch: 10000 });
  });

  it('stops on a bad value, naming the setting and its environment variable', () => {
    expect(() => loadConfig({ APP_ENV: 'test', API_PORT: 'eighty', REDIS_URL: 'localhost' })).toThrow(ConfigError);
    try {
      loadConfig({ APP_ENV: 'test', API_PORT: 'eighty', REDIS_URL: 'localhost' });
    } catch (e) {
      const message = (e as Error).message;
      expect(message).toContain('apiPort (API_PORT)');
      expect(message).toContain('redisUrl (REDIS_URL) = "localhost": must be a redis:// URL');
    }
  });

  it('refuses an unknown environment name', () => {
    expect(() => loadConfig({ APP_ENV: 'staging' })).toThrow(/env \(APP_ENV\) = "staging"/);
  });
});
