// Identities: API keys (bad, revoked, expired: 401), sessions (sign-in, expiry, sign-out), the
// browser's sign-in page and cookie, roles per route (403), and what is stored (hashes only).
import { ApiKeysService } from '../apps/ingest-api/src/auth/api-keys.service';
import { type TestApi, startApi } from './support/api-app';
import { cli } from './support/cli';
import { ehcAssessment, uniquePrefix } from './support/event-factory';

describe('identities: API keys, sessions and roles', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  const post = (token: string, prefix: string) => api.as(token)().post('/v1/events').send(ehcAssessment(prefix, 1));

  it('accepts a live key, as Bearer or X-API-Key, and stores only its hash', async () => {
    const { key, keyId } = await api.apiKey('805');
    await post(key, uniquePrefix('key-ok')).expect(200);
    await api
      .anonymous()
      .post('/v1/events')
      .set('x-api-key', key)
      .send(ehcAssessment(uniquePrefix('key-x'), 1))
      .expect(200);
    const [row] = await api.db.query(`SELECT key_hash, key_prefix FROM api_keys WHERE key_id = $1`, [keyId]);
    expect(row.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(key.slice(12));
  });

  it('answers 401 to no key, a bad key, a malformed header, a revoked key and an expired key, writing nothing', async () => {
    const prefix = uniquePrefix('key-bad');
    await api.anonymous().post('/v1/events').send(ehcAssessment(prefix, 1)).expect(401);
    await post('smk_' + 'A'.repeat(43), prefix).expect(401);
    await post('not-a-key', prefix).expect(401);
    await api.anonymous().post('/v1/events').set('authorization', 'Basic YWRtaW46YWRtaW4=').send([]).expect(401);
    const revoked = await api.apiKey('805');
    await post(revoked.key, uniquePrefix('pre-revoke')).expect(200);
    await api.app.get(ApiKeysService).revoke(revoked.keyId);
    await post(revoked.key, prefix).expect(401);
    const expired = await api.apiKey('805', 1);
    await api.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE key_id = $1`, [expired.keyId]);
    const res = await post(expired.key, prefix).expect(401);
    expect(res.body.message).toContain('not valid');
    expect(await api.countEvents(prefix)).toBe(0);
  });

  it('never takes an API key from the session cookie (a form on another site could post with it)', async () => {
    const { key } = await api.apiKey('805');
    const prefix = uniquePrefix('key-cookie');
    for (const origin of [undefined, 'https://elsewhere.example']) {
      const req = api.anonymous().post('/v1/events').set('cookie', `send_session=${key}`);
      if (origin) req.set('origin', origin);
      await req.send(ehcAssessment(prefix, 1)).expect(401);
    }
    await api.anonymous().get('/v1/auth/me').set('cookie', `send_session=${key}`).expect(401);
    expect(await api.countEvents(prefix)).toBe(0);
    await api.anonymous().get('/v1/auth/me').set('x-api-key', key).expect(200);
  });

  it('signs a user in with a password, and the session ends at sign-out or expiry', async () => {
    const u = await api.user('leader', ['805']);
    await api.anonymous().post('/v1/auth/sign-in').send({ email: u.email, password: 'wrong password!' }).expect(401);
    await api.anonymous().post('/v1/auth/sign-in').send({ email: 'nobody@test.example', password: u.password }).expect(401);
    const signIn = await api.anonymous().post('/v1/auth/sign-in').send({ email: u.email.toUpperCase(), password: u.password }).expect(200);
    expect(signIn.body).toMatchObject({ role: 'leader', las: ['805'] });
    expect(new Date(signIn.body.expiresAt).getTime()).toBeGreaterThan(Date.now() + 60 * 60_000);
    const token = signIn.body.token as string;
    const me = await api.as(token)().get('/v1/auth/me').expect(200);
    expect(me.body).toMatchObject({ kind: 'user', role: 'leader', las: ['805'], label: u.email });
    await api.as(token)().post('/v1/auth/sign-out').expect(204);
    await api.as(token)().get('/v1/auth/me').expect(401);
    await api.db.query(`UPDATE sessions SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [u.userId]);
    await api.as(u.token)().get('/v1/auth/me').expect(401);
    const [stored] = await api.db.query(`SELECT password_hash FROM users WHERE user_id = $1`, [u.userId]);
    expect(stored.password_hash).toMatch(/^\$2[aby]\$\d\d\$/);
  });

  it('gives browsers a sign-in page and an HttpOnly SameSite cookie, and sends pages there when signed out', async () => {
    const u = await api.user('caseworker', ['805'], 'CW-805-ASSESSMENT-1');
    const page = await api.anonymous().get('/sign-in').query({ next: '/dashboard' }).expect(200);
    expect(page.text).toMatch(/<form [^>]*method="post" action="\/sign-in">/);
    const bad = await api
      .anonymous()
      .post('/sign-in')
      .type('form')
      .send({ email: u.email, password: 'nope', next: '/dashboard' })
      .expect(401);
    expect(bad.text).toContain('Wrong email or password');
    const ok = await api
      .anonymous()
      .post('/sign-in')
      .type('form')
      .send({ email: u.email, password: u.password, next: '/dashboard' })
      .expect(303);
    expect(ok.headers.location).toBe('/dashboard');
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/^send_session=sms_[\w-]+;/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const me = await api.anonymous().get('/v1/auth/me').set('cookie', cookie.split(';')[0]).expect(200);
    expect(me.body).toMatchObject({ role: 'caseworker', staffRef: 'CW-805-ASSESSMENT-1' });
    const away = await api
      .anonymous()
      .post('/sign-in')
      .type('form')
      .send({ email: u.email, password: u.password, next: '//evil.example/x' })
      .expect(303);
    expect(away.headers.location).toBe('/');
    const redirect = await api.anonymous().get('/dashboard').set('accept', 'text/html').expect(303);
    expect(redirect.headers.location).toBe('/sign-in?next=%2Fdashboard');
    await api.anonymous().get('/v1/cases/805/X-1').set('accept', 'text/html').expect(401);
    // A change riding on the cookie from another site is refused (beside SameSite=Lax).
    for (const origin of ['https://elsewhere.example', 'null']) {
      await api.anonymous().post('/sign-out').set('cookie', cookie.split(';')[0]).set('origin', origin).expect(403);
    }
    const out = await api.anonymous().post('/sign-out').set('cookie', cookie.split(';')[0]).expect(303);
    expect(out.headers.location).toBe('/sign-in');
    expect(String(out.headers['set-cookie'])).toMatch(/send_session=;.*Expires=Thu, 01 Jan 1970/);
    await api.anonymous().get('/v1/auth/me').set('cookie', cookie.split(';')[0]).expect(401);
  });

  it('refuses a sign-in form posted from another site (login CSRF), as cookie writes are', async () => {
    const u = await api.user('caseworker', ['805']);
    const form = { email: u.email, password: u.password, next: '/dashboard' };
    for (const origin of ['https://elsewhere.example', 'null']) {
      const res = await api.anonymous().post('/sign-in').set('origin', origin).type('form').send(form).expect(403);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    // Its own form (same host) and a client that sends no Origin still sign in.
    const own = await api
      .anonymous()
      .post('/sign-in')
      .set('host', 'monitor.example')
      .set('origin', 'https://monitor.example')
      .type('form')
      .send(form)
      .expect(303);
    expect(String(own.headers['set-cookie'])).toMatch(/^send_session=sms_/);
    await api.anonymous().post('/sign-in').type('form').send(form).expect(303);
  });

  it('answers 403 to a role without the right', async () => {
    const caseworker = await api.user('caseworker', ['805']);
    const commissioner = await api.user('commissioner', ['805']);
    const leader = await api.user('leader', ['805']);
    const { key } = await api.apiKey('805');
    const target = {
      la: '805',
      name: 'x',
      pathway: 'slt',
      measure: 'waiting_within_target_pct',
      threshold: 90,
      comparator: 'gte',
      deadline: '2027-03-31',
    };
    await api.as(caseworker.token)().post('/v1/targets').send(target).expect(403);
    await api
      .as(caseworker.token)()
      .post('/v1/events')
      .send(ehcAssessment(uniquePrefix('cw'), 1))
      .expect(403);
    await api.as(commissioner.token)().get('/v1/cases/805/X-1').expect(403);
    await api.as(key)().get('/v1/targets').query({ la: '805' }).expect(403);
    await api.as(leader.token)().get('/v1/audit').expect(403);
    await api.as(caseworker.token)().get('/v1/reports/waiting-list').query({ la: '805', pathway: 'slt' }).expect(403);
    await api.as(leader.token)().get('/v1/targets').query({ la: '805' }).expect(200);
  });

  it('keeps /health and the sign-in page public, and everything else behind sign-in', async () => {
    await api.anonymous().get('/health').expect(200);
    const docs = await api.anonymous().get('/docs-json').expect(200);
    expect(docs.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    await api
      .anonymous()
      .get('/docs')
      .expect((r) => expect([200, 301]).toContain(r.status));
    for (const path of [
      '/v1/cases/805/X-1',
      '/v1/alerts?la=805',
      '/v1/targets?la=805',
      '/v1/audit',
      '/v1/reports/waiting-list?pathway=slt',
    ]) {
      await api.anonymous().get(path).expect(401);
    }
  });

  it('manages keys and users from the command line: shown once, revocable', async () => {
    const created = await cli('key', 'create', '--la', '805', '--name', 'cli test feed');
    const key = /key \(shown once\): (smk_\S+)/.exec(created.stdout)![1];
    const keyId = /^key (\d+) for LA 805/m.exec(created.stdout)![1];
    await post(key, uniquePrefix('cli-key')).expect(200);
    const revoked = await cli('key', 'revoke', keyId);
    expect(revoked.stdout).toContain(`key ${keyId}`);
    await post(key, uniquePrefix('cli-key')).expect(401);
    const email = `cli-${uniquePrefix('u').toLowerCase()}@test.example`;
    const added = await cli('user', 'add', '--email', email, '--role', 'commissioner', '--la', '805', '807');
    const password = /password \(shown once\): (\S+)/.exec(added.stdout)![1];
    const signIn = await api.anonymous().post('/v1/auth/sign-in').send({ email, password }).expect(200);
    expect(signIn.body).toMatchObject({ role: 'commissioner', las: ['805', '807'] });
    const trail = await api.http().get('/v1/audit').query({ la: '805', action: 'key.create' }).expect(200);
    expect(trail.body.find((r: { detail: { keyId: number } }) => r.detail.keyId === Number(keyId))).toMatchObject({
      actorKind: 'system',
      actorLabel: expect.stringMatching(/^cli \(/),
    });
    const revokes = await api.http().get('/v1/audit').query({ action: 'key.revoke' }).expect(200);
    expect(revokes.body.some((r: { detail: { keyId: number } }) => r.detail.keyId === Number(keyId))).toBe(true);
    const reset = await cli('user', 'password', '--email', email);
    const newPassword = /password \(shown once\): (\S+)/.exec(reset.stdout)![1];
    await api.as(signIn.body.token)().get('/v1/auth/me').expect(401);
    await api.anonymous().post('/v1/auth/sign-in').send({ email, password }).expect(401);
    await api.anonymous().post('/v1/auth/sign-in').send({ email, password: newPassword }).expect(200);
    await cli('user', 'disable', '--email', email);
    await api.anonymous().post('/v1/auth/sign-in').send({ email, password: newPassword }).expect(401);
    await expect(cli('user', 'add', '--email', `x-${email}`, '--role', 'caseworker', '--la', '805', '807')).rejects.toMatchObject({
      stderr: expect.stringContaining('exactly one LA'),
    });
  }, 60_000);
});
