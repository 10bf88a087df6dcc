import { ConfigError, loadConfig, secretsInFiles } from './load-config';

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

  it('reads the sign-in lockout (5 failures of an account or 20 of an address in 15 minutes lock it for 15) and refuses nonsense', () => {
    expect(loadConfig({ APP_ENV: 'production' })).toMatchObject({
      signInLockoutAccountFailures: 5,
      signInLockoutAddressFailures: 20,
      signInLockoutWindowMinutes: 15,
      signInLockoutMinutes: 15,
    });
    expect(loadConfig({ APP_ENV: 'test', SIGN_IN_LOCKOUT_MINUTES: '30' }).signInLockoutMinutes).toBe(30);
    expect(() => loadConfig({ APP_ENV: 'test', SIGN_IN_LOCKOUT_MINUTES: '0' })).toThrow(
      /signInLockoutMinutes \(SIGN_IN_LOCKOUT_MINUTES\) = 0/,
    );
    expect(() => loadConfig({ APP_ENV: 'test', SIGN_IN_LOCKOUT_ACCOUNT_FAILURES: 'five' })).toThrow(/SIGN_IN_LOCKOUT_ACCOUNT_FAILURES/);
    expect(() => loadConfig({ APP_ENV: 'test', SIGN_IN_LOCKOUT_WINDOW_MINUTES: '1441' })).toThrow(/SIGN_IN_LOCKOUT_WINDOW_MINUTES/);
  });

  it('keeps every connection of a pool of 10 by default, and no more than 10', () => {
    expect(loadConfig({ APP_ENV: 'production' }).databaseConnectionsKept).toBe(10);
    expect(loadConfig({ APP_ENV: 'test', DATABASE_CONNECTIONS_KEPT: '2' }).databaseConnectionsKept).toBe(2);
    expect(() => loadConfig({ APP_ENV: 'test', DATABASE_CONNECTIONS_KEPT: '11' })).toThrow(
      /databaseConnectionsKept \(DATABASE_CONNECTIONS_KEPT\) = 11/,
    );
  });

  it('takes every queue by default; a process may be given some, and a queue name it does not know is refused', () => {
    expect(loadConfig({ APP_ENV: 'production' }).workerQueues.split(',').sort()).toEqual(['alerts', 'recompute', 'snapshots', 'summaries']);
    expect(loadConfig({ APP_ENV: 'test', WORKER_QUEUES: 'snapshots,summaries' }).workerQueues).toBe('snapshots,summaries');
    expect(() => loadConfig({ APP_ENV: 'test', WORKER_QUEUES: 'recompute,forecasts' })).toThrow(/workerQueues \(WORKER_QUEUES\)/);
    expect(() => loadConfig({ APP_ENV: 'test', WORKER_QUEUES: '' })).toThrow(/WORKER_QUEUES/);
  });

  it('refuses an unknown environment name', () => {
    expect(() => loadConfig({ APP_ENV: 'staging' })).toThrow(/env \(APP_ENV\) = "staging"/);
  });
});

describe('secrets only from the environment', () => {
  it('refuses a password in a config file, naming the environment variable to use', () => {
    expect(secretsInFiles({ databaseUrl: 'postgres://app:s3cret@db/send', redisUrl: 'redis://127.0.0.1:6379' })).toEqual([
      'databaseUrl: a password in a config file; give it in the environment (DATABASE_URL) instead',
    ]);
    expect(secretsInFiles({ smtpUrl: 'smtp://mailer:pw@smtp.example:587' })).toHaveLength(1);
    expect(secretsInFiles({ databaseUrl: 'postgres://postgres@127.0.0.1:5432/send' })).toEqual([]);
  });

  it('refuses the metrics token in a config file, and takes it (24 characters or more) from the environment', () => {
    expect(secretsInFiles({ metricsToken: 'x'.repeat(30) })).toEqual([
      'metricsToken: a secret in a config file; give it in the environment (METRICS_TOKEN) instead',
    ]);
    expect(secretsInFiles({ metricsToken: '' })).toEqual([]);
    expect(loadConfig({ APP_ENV: 'test', METRICS_TOKEN: 'y'.repeat(30) }).metricsToken).toBe('y'.repeat(30));
    expect(() => loadConfig({ APP_ENV: 'test', METRICS_TOKEN: 'short' })).toThrow(/metricsToken \(METRICS_TOKEN\)/);
  });

  it('accepts the same password from the environment', () => {
    expect(loadConfig({ APP_ENV: 'test', DATABASE_URL: 'postgres://app:s3cret@db/send' }).databaseUrl).toBe(
      'postgres://app:s3cret@db/send',
    );
  });
});
