// Hardening: security headers, CORS closed unless configured, body size limits and rate limits
// (this file's own small limits, set before the API reads its configuration).
import { type TestApi, startApi } from './support/api-app';

describe('hardening', () => {
  let api: TestApi;
  beforeAll(async () => {
    process.env.RATE_LIMIT_PER_MINUTE = '25';
    process.env.SIGN_IN_RATE_LIMIT_PER_MINUTE = '3';
    process.env.INGEST_BODY_LIMIT = '100kb';
    process.env.TRUST_PROXY_HOPS = '1';
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
    delete process.env.RATE_LIMIT_PER_MINUTE;
    delete process.env.SIGN_IN_RATE_LIMIT_PER_MINUTE;
    delete process.env.INGEST_BODY_LIMIT;
    delete process.env.TRUST_PROXY_HOPS;
  });

  it('sends security headers and no X-Powered-By', async () => {
    const res = await api.anonymous().get('/sign-in').expect(200);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toContain('max-age=');
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('allows its own scripts and, inline, only the script carrying this response’s nonce', async () => {
    const nonceOf = async () => {
      const res = await api.anonymous().get('/sign-in').expect(200);
      const directives = String(res.headers['content-security-policy']).split(';');
      const scriptSrc = directives.map((d) => d.trim()).find((d) => d.startsWith('script-src '));
      const nonce = /^script-src 'self' 'nonce-([A-Za-z0-9+/]+={0,2})'$/.exec(scriptSrc ?? '')?.[1]; // nothing else: no 'unsafe-inline'
      expect(res.text).toContain(`<script nonce="${nonce}">`);
      return nonce;
    };
    const [first, second] = [await nonceOf(), await nonceOf()];
    expect(first).toBeDefined();
    expect(first).not.toBe(second);
  });

  it('keeps CORS closed when no origin is configured', async () => {
    const simple = await api.http().get('/v1/auth/me').set('origin', 'https://elsewhere.example').expect(200);
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await api
      .anonymous()
      .options('/v1/events')
      .set('origin', 'https://elsewhere.example')
      .set('access-control-request-method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('limits body sizes: JSON to the configured limit, the sign-in form to 16 kB', async () => {
    const big = JSON.stringify([{ pad: 'x'.repeat(150 * 1024) }]);
    await api.http().post('/v1/events').set('content-type', 'application/json').send(big).expect(413);
    await api
      .anonymous()
      .post('/sign-in')
      .type('form')
      .send(`email=a%40b.c&password=${'p'.repeat(20 * 1024)}`)
      .expect(413);
  });

  it('limits sign-in attempts per address, then all requests per route and address (429)', async () => {
    const attempt = () => api.anonymous().post('/v1/auth/sign-in').send({ email: 'someone@test.example', password: 'guess-guess-guess' });
    for (let i = 0; i < 3; i++) await attempt().expect(401);
    const limited = await attempt().expect(429);
    expect(limited.headers['retry-after']).toBeDefined();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await api.http().get('/v1/auth/me')).status);
    expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    // Behind the configured proxy, each client has its own limit.
    await api.http().get('/v1/auth/me').set('x-forwarded-for', '203.0.113.9').expect(200);
  });
});
