// Sign-in lockout: failed attempts counted per account and per client address in Redis, across
// both sign-in routes and every API instance; a lockout that expires, answered like a wrong
// password plus Retry-After, and audited. Two API instances share a private Redis of this file's
// own, which the last test stops: sign-in then fails closed.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import IORedis from 'ioredis';
import { QUEUES } from '@app/queue';
import { type TestApi, startApi } from './support/api-app';
import { freePort, startRedis, stop } from './support/processes';

const SETTINGS = {
  SIGN_IN_LOCKOUT_ACCOUNT_FAILURES: '3',
  SIGN_IN_LOCKOUT_ADDRESS_FAILURES: '5',
  SIGN_IN_LOCKOUT_WINDOW_MINUTES: '15',
  SIGN_IN_LOCKOUT_MINUTES: '15',
  TRUST_PROXY_HOPS: '1',
};

let redisPort: number;
let redis: ChildProcess;
let api: TestApi;
let other: TestApi;

/** A client address not used before in this file (behind the one trusted proxy), so tests never share a count. */
let addresses = 0;
const address = () => `203.0.113.${++addresses}`;
const nobody = () => `nobody-${randomBytes(6).toString('hex')}@test.example`;

beforeAll(async () => {
  redisPort = await freePort();
  redis = await startRedis(redisPort);
  process.env.REDIS_URL = `redis://127.0.0.1:${redisPort}`;
  Object.assign(process.env, SETTINGS);
  api = await startApi();
  other = await startApi();
});

afterAll(async () => {
  // The apps close their Redis connection gracefully only if Redis is there (a failed test may have left it stopped).
  if (redis && (redis.exitCode !== null || redis.signalCode !== null)) redis = await startRedis(redisPort);
  await other?.close();
  await api?.close();
  if (redis) await stop(redis);
  delete process.env.REDIS_URL;
  for (const name of Object.keys(SETTINGS)) delete process.env[name];
});

/** One attempt at the JSON route (`via` 'json') or the form (`via` 'form'), from `from`. */
function attempt(on: TestApi, via: 'json' | 'form', from: string, email: string, password: string) {
  const req = on
    .anonymous()
    .post(via === 'json' ? '/v1/auth/sign-in' : '/sign-in')
    .set('x-forwarded-for', from);
  return via === 'json' ? req.send({ email, password }) : req.type('form').send({ email, password, next: '/dashboard' });
}

describe('sign-in lockout', () => {
  it('locks an account after its failures on either route and instance, answering as a wrong password does plus Retry-After', async () => {
    const u = await api.user('caseworker', ['805']);
    const from = address();
    await attempt(api, 'json', from, u.email, 'wrong password 1').expect(401);
    await attempt(other, 'form', address(), ` ${u.email.toUpperCase()} `, 'wrong password 2').expect(401);
    const wrong = await attempt(api, 'json', from, u.email, 'wrong password 3').expect(401);
    // Locked: the right password is refused too, on both routes, from any address.
    const json = await attempt(other, 'json', address(), u.email, u.password).expect(401);
    expect(json.body).toEqual(wrong.body);
    expect(json.body.token).toBeUndefined();
    expect(Number(json.headers['retry-after'])).toBeGreaterThan(14 * 60);
    expect(Number(json.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
    const form = await attempt(api, 'form', from, u.email, u.password).expect(401);
    expect(form.text).toContain('Wrong email or password.');
    expect(form.headers['retry-after']).toBeDefined();
    expect(form.headers['set-cookie']).toBeUndefined();
    const trail = await api.http().get('/v1/audit').query({ action: 'sign-in.lockout' }).expect(200);
    const started = trail.body.filter((r: { detail: { scope: string; address: string } }) => r.detail.scope === 'account');
    expect(started.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(trail.body)).not.toContain(u.email);
    const refused = await api.http().get('/v1/audit').query({ action: 'sign-in.locked' }).expect(200);
    expect(refused.body.some((r: { detail: { address: string } }) => r.detail.address === from)).toBe(true);
  });

  it('answers an unknown account exactly as a known one, locked or not', async () => {
    const u = await api.user('caseworker', ['805']);
    const unknown = nobody();
    for (let i = 0; i < 3; i++) {
      await attempt(api, 'json', address(), u.email, `wrong ${i}`).expect(401);
      await attempt(api, 'json', address(), unknown, `wrong ${i}`).expect(401);
    }
    const known = await attempt(api, 'json', address(), u.email, 'again').expect(401);
    const missing = await attempt(api, 'json', address(), unknown, 'again').expect(401);
    expect(missing.body).toEqual(known.body);
    expect(missing.headers['retry-after']).toBeDefined();
    expect(Math.abs(Number(missing.headers['retry-after']) - Number(known.headers['retry-after']))).toBeLessThanOrEqual(2);
  });

  it('clears an account’s count when it signs in', async () => {
    const u = await api.user('caseworker', ['805']);
    const from = address();
    await attempt(api, 'json', from, u.email, 'wrong 1').expect(401);
    await attempt(api, 'form', from, u.email, 'wrong 2').expect(401);
    await attempt(other, 'json', from, u.email, u.password).expect(200);
    await attempt(api, 'json', from, u.email, 'wrong 3').expect(401);
    await attempt(api, 'json', from, u.email, 'wrong 4').expect(401);
    const ok = await attempt(api, 'json', from, u.email, u.password).expect(200);
    expect(ok.headers['retry-after']).toBeUndefined();
  });

  it('locks a client address after its failures, whatever the accounts, and no other address', async () => {
    const u = await api.user('caseworker', ['805']);
    const from = address();
    for (let i = 0; i < 5; i++) await attempt(i % 2 ? api : other, i % 2 ? 'json' : 'form', from, nobody(), 'guess').expect(401);
    const locked = await attempt(api, 'json', from, u.email, u.password).expect(401);
    expect(locked.headers['retry-after']).toBeDefined();
    await attempt(api, 'form', from, u.email, u.password).expect(401);
    await attempt(api, 'json', address(), u.email, u.password).expect(200);
    const trail = await api.http().get('/v1/audit').query({ action: 'sign-in.lockout' }).expect(200);
    expect(
      trail.body.some((r: { detail: { scope: string; address: string } }) => r.detail.scope === 'address' && r.detail.address === from),
    ).toBe(true);
  });

  it('keeps its counts under the deployment’s key prefix, each expiring; a lockout ends when it expires', async () => {
    const u = await api.user('caseworker', ['805']);
    const from = address();
    for (let i = 0; i < 3; i++) await attempt(api, 'json', from, u.email, `wrong ${i}`).expect(401);
    await attempt(api, 'json', from, u.email, u.password).expect(401);
    const probe = new IORedis(`redis://127.0.0.1:${redisPort}`, { maxRetriesPerRequest: 1 });
    try {
      const all = await probe.keys('*');
      for (const key of all) expect(key.startsWith(`${process.env.REDIS_PREFIX}:`)).toBe(true);
      // BullMQ's own queue keys (the API reads queue depths) stay; every sign-in count expires.
      const queueKeys = Object.values(QUEUES).map((q) => `${process.env.REDIS_PREFIX}:${q}:`);
      const keys = all.filter((k) => !queueKeys.some((q) => k.startsWith(q)));
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) {
        expect(key).not.toContain(u.email);
        const ttl = await probe.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(15 * 60_000);
      }
      // Fifteen minutes later, as far as Redis is concerned.
      for (const key of keys) await probe.pexpire(key, 1);
    } finally {
      probe.disconnect();
    }
    await new Promise((r) => setTimeout(r, 20));
    await attempt(api, 'json', from, u.email, u.password).expect(200);
  });

  it('refuses every sign-in while Redis is away rather than let attempts go uncounted (fails closed), and recovers', async () => {
    const u = await api.user('caseworker', ['805']);
    await stop(redis);
    const json = await attempt(api, 'json', address(), u.email, u.password).expect(503);
    expect(json.body.token).toBeUndefined();
    expect(json.headers['retry-after']).toBeDefined();
    const form = await attempt(other, 'form', address(), u.email, u.password).expect(503);
    expect(form.headers['set-cookie']).toBeUndefined();
    await attempt(api, 'json', address(), u.email, 'wrong').expect(503);
    redis = await startRedis(redisPort);
    // Each instance signs in again once its connection is back (ioredis reconnects with backoff).
    for (const instance of [api, other]) {
      const until = Date.now() + 20_000;
      let status = 0;
      while (status !== 200 && Date.now() < until) {
        status = (await attempt(instance, 'json', address(), u.email, u.password)).status;
        if (status !== 200) await new Promise((r) => setTimeout(r, 250));
      }
      expect(status).toBe(200);
    }
  }, 60_000);
});
