// Single sign-on against a real OpenID provider (oidc-provider, in a process of its own on a
// loopback port), through Chromium: the "Sign in with" button, the provider's sign-in form, and
// back to the person's own page. Then what must be refused, each with its words on the sign-in
// page, an audit entry and no session: a tampered state, an ID token for another audience, an
// expired one, an email nobody provisioned, a role the provider may not give.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { todayInLondon } from '@app/rules';
import { AccountsService } from '../apps/ingest-api/src/auth/accounts.service';
import { providerVariable } from '../apps/ingest-api/src/auth/oidc/sign-in-settings';
import { startApi, type TestApi } from './support/api-app';
import { axeViolations, type PageElement, type TestBrowser } from './support/browser';
import type { BrowserArea } from './support/browser-area';
import { startBrowserSuite, type BrowserSuite } from './support/browser-suite';
import { cli } from './support/cli';
import { freePort, stop } from './support/processes';

const LA = '316'; // this file's own LA
const today = todayInLondon(new Date());
const SECRET = 'a-client-secret-of-the-test-provider-0123456789';

let api: TestApi;
let browser: TestBrowser;
let area: BrowserArea;
let idp: ChildProcess | undefined;
let issuer: string;
const pageErrors: string[] = [];
let suite: BrowserSuite | undefined;

/** The provider's accounts, by the login typed into its form (the subject). */
const ACCOUNTS: Record<string, { email: string; email_verified: boolean }> = {
  'sub-caseworker': { email: 'Oidc.Caseworker@Council.Example', email_verified: true },
  'sub-stranger': { email: 'stranger@council.example', email_verified: true },
  'sub-unverified': { email: 'unverified@council.example', email_verified: false },
  'sub-leader': { email: 'oidc.leader@council.example', email_verified: true },
  // Another subject giving the caseworker's email (a second tenant, a reused address).
  'sub-twin': { email: 'oidc.caseworker@council.example', email_verified: true },
};

/** Our three ways in: one honest client, and two the provider answers with a doctored ID token. */
const PROVIDERS = [
  { id: 'council', name: 'Council account', clientId: 'send-monitor' },
  { id: 'council-aud', name: 'Council account (audience)', clientId: 'send-monitor-aud', tamper: 'audience' },
  { id: 'council-exp', name: 'Council account (expiry)', clientId: 'send-monitor-exp', tamper: 'expired' },
];

async function startProvider(port: number, apiBase: string): Promise<ChildProcess> {
  const config = {
    port,
    accounts: ACCOUNTS,
    clients: PROVIDERS.map((p) => ({
      clientId: p.clientId,
      secret: SECRET,
      redirectUri: `${apiBase}/sign-in/oidc/${p.id}/callback`,
      postLogoutUri: `${apiBase}/sign-in`,
      tamper: p.tamper,
    })),
  };
  const child = spawn(process.execPath, [join(__dirname, 'support', 'oidc-provider.mjs'), JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`the OpenID provider stopped (${code}): ${stderr}`)));
  });
  return child;
}

beforeAll(async () => {
  const idpPort = await freePort();
  issuer = `http://127.0.0.1:${idpPort}`;
  process.env.OIDC_PROVIDERS = PROVIDERS.map((p) => p.id).join(',');
  for (const p of PROVIDERS) {
    const v = (field: string) => providerVariable(p.id, field);
    process.env[v('NAME')] = p.name;
    process.env[v('ISSUER')] = issuer;
    process.env[v('CLIENT_ID')] = p.clientId;
    process.env[v('CLIENT_SECRET')] = SECRET;
    process.env[v('ROLES')] = 'caseworker,team_manager';
    process.env[v('LAS')] = LA;
  }
  process.env.OIDC_COUNCIL_END_SESSION = 'true';
  suite = await startBrowserSuite({
    la: LA,
    today,
    label: 'oidc',
    cases: 20,
    pageErrors,
    // Refusals' statuses and the provider's missing favicon; its development form also asks for
    // a web font from the internet, which the test machine has none of.
    expectedConsole: /^Failed to load resource: (the server responded with a status of (400|401|403|404)|net::ERR_NAME_NOT_RESOLVED)/,
  });
  ({ api, browser, area } = suite);
  const { port } = api.app.getHttpServer().address() as { port: number };
  idp = await startProvider(idpPort, `http://127.0.0.1:${port}`);
}, 180000);

afterAll(async () => {
  if (idp) await stop(idp);
  await suite?.close();
});

const accounts = () => api.app.get(AccountsService);

const text = (selector: string) =>
  browser.page.$$eval(selector, (els: PageElement[]) =>
    els.map((e) =>
      String(e.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
    ),
  );

const here = () => {
  const url = new URL(browser.page.url());
  return url.pathname + url.search;
};

/** The audit entries of single sign-on since `after` (an audit_id). */
async function auditSince(
  after: number,
): Promise<{ action: string; status: number; detail: Record<string, unknown>; actor_label: string | null }[]> {
  return api.db.query(
    // Not a callback naming no known provider: auth-fuzz, in another file on the same database, sends those.
    `SELECT action, status, detail, actor_label FROM audit_log WHERE audit_id > $1 AND action LIKE 'sign-in.oidc%'
       AND coalesce(detail ->> 'provider', '') <> 'unknown' ORDER BY audit_id`,
    [after],
  );
}

async function lastAuditId(): Promise<number> {
  return Number((await api.db.query(`SELECT coalesce(max(audit_id), 0) AS id FROM audit_log`))[0].id);
}

/** Sessions of this file's accounts (all at council.example): other files sign people in meanwhile. */
async function sessionCount(): Promise<number> {
  return Number(
    (
      await api.db.query(`SELECT count(*) AS n FROM sessions s JOIN users u USING (user_id) WHERE lower(u.email) LIKE '%@council.example'`)
    )[0].n,
  );
}

/** Clicks "Sign in with <name>" on our sign-in page and signs in at the provider as `login`. */
async function throughProvider(name: string, login: string): Promise<void> {
  const page = browser.page;
  await browser.context.clearCookies();
  await page.goto('/sign-in');
  await Promise.all([
    page.waitForURL((u) => u.origin === issuer),
    page.getByRole('button', { name: `Sign in with ${name}`, exact: true }).click(),
  ]);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=password]', 'anything: the test provider takes any password');
  await page.click('button[type=submit]');
}

async function refusedWith(words: string): Promise<void> {
  const page = browser.page;
  await page.waitForURL((u) => u.pathname.includes('/sign-in/oidc/'));
  expect(await page.title()).toBe('Error: Sign in - SEND timeliness monitor');
  expect(await text('.govuk-error-summary__list a')).toEqual([words]);
  const cookies = await browser.context.cookies();
  expect(cookies.map((c) => c.name)).not.toContain('send_session');
}

describe('single sign-on by OpenID Connect', () => {
  it('offers a "Sign in with" button per provider beside the password form, and the page passes axe', async () => {
    const page = browser.page;
    await browser.context.clearCookies();
    await page.goto('/sign-in');
    expect(await text('.app-sign-in-providers .govuk-button')).toEqual(PROVIDERS.map((p) => `Sign in with ${p.name}`));
    expect(await page.locator('form[action="/sign-in"] #password').count()).toBe(1);
    expect(await axeViolations(page, 'sign-in-oidc')).toEqual([]);
    await browser.screenshot('sign-in-oidc');
  });

  it('signs in a caseworker provisioned from the command line, links their subject, and lands on their own page', async () => {
    const { stdout } = await cli(
      'user',
      'add',
      '--email',
      'oidc.caseworker@council.example',
      '--role',
      'caseworker',
      '--la',
      LA,
      '--staff-ref',
      area.caseworker,
      '--sso-only',
    );
    expect(stdout).toContain('no password: signs in with single sign-on only');
    const [provisioned] = await api.db.query(
      `SELECT identity_provider, password_hash FROM users WHERE email = 'oidc.caseworker@council.example'`,
    );
    expect(provisioned).toEqual({ identity_provider: 'local', password_hash: null });
    const before = await lastAuditId();
    await throughProvider('Council account', 'sub-caseworker');
    await browser.page.waitForURL((u) => u.pathname === '/dashboard/caseworker');
    expect(await text('.govuk-service-navigation__list a')).toContain('My cases');
    const [row] = await api.db.query(`SELECT identity_provider, subject FROM users WHERE email = 'oidc.caseworker@council.example'`);
    expect(row).toEqual({ identity_provider: issuer, subject: 'sub-caseworker' });
    const audit = await auditSince(before);
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'sign-in.oidc',
        status: 303,
        actor_label: 'oidc.caseworker@council.example',
        detail: expect.objectContaining({ provider: 'council', linked: true }),
      }),
    ]);

    // The next time, the (issuer, subject) pair finds them, whatever the email says.
    const again = await lastAuditId();
    await throughProvider('Council account', 'sub-caseworker');
    await browser.page.waitForURL((u) => u.pathname === '/dashboard/caseworker');
    expect((await auditSince(again)).map((a) => [a.action, a.detail.linked])).toEqual([['sign-in.oidc', false]]);
  });

  it("ends our session on sign-out and offers to end the provider's too", async () => {
    const page = browser.page;
    expect(here()).toBe('/dashboard/caseworker');
    const [cookie] = (await browser.context.cookies()).filter((c) => c.name === 'send_session');
    await Promise.all([page.waitForURL((u) => u.pathname === '/sign-out'), page.click('.app-sign-out__button')]);
    expect(await page.textContent('h1')).toBe('You have signed out');
    const after = await page.request.get('/v1/auth/me', { headers: { authorization: `Bearer ${cookie.value}` } });
    expect(after.status()).toBe(401);
    expect(await axeViolations(page, 'signed-out-oidc')).toEqual([]);
    await browser.screenshot('signed-out-oidc');
    await Promise.all([page.waitForURL((u) => u.origin === issuer), page.click('#end-provider-session')]);
    expect(new URL(page.url()).pathname).toBe('/session/end');
  });

  it('refuses a callback whose state was tampered with: no session, audited', async () => {
    const page = browser.page;
    const sessions = await sessionCount();
    const before = await lastAuditId();
    // A sign-in started in this browser: our redirect to the provider carries the state it must return.
    await browser.context.clearCookies();
    await page.goto('/sign-in');
    const [toProvider] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/sign-in/oidc/council'),
      page.getByRole('button', { name: 'Sign in with Council account', exact: true }).click(),
    ]);
    const state = new URL(toProvider.headers()['location']).searchParams.get('state')!;
    const back = (s: string) => `/sign-in/oidc/council/callback?${new URLSearchParams({ code: 'a-code', state: s, iss: issuer })}`;
    const tampered = state.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    const res = await page.goto(back(tampered));
    expect(res!.status()).toBe(400);
    await refusedWith('The answer from Council account does not match the sign-in this browser started. Start again.');
    expect(await sessionCount()).toBe(sessions);
    expect((await auditSince(before)).map((a) => [a.action, a.status, a.detail.reason])).toEqual([['sign-in.oidc.refused', 400, 'state']]);

    // The flow is gone with the refusal: the right state, sent now, finds nothing to finish.
    const replay = await page.goto(back(state));
    expect(replay!.status()).toBe(400);
    expect(await text('.govuk-error-summary__list a')).toEqual([
      'This sign-in did not start in this browser, was used already, or took longer than 10 minutes. Start again.',
    ]);
    expect(await sessionCount()).toBe(sessions);
  });

  it.each([
    [
      'an ID token made out for another audience',
      'Council account (audience)',
      'sub-caseworker',
      'audience',
      401,
      'Council account (audience) sent proof of identity made out for another service, so it was refused. Start again.',
    ],
    [
      'an expired ID token',
      'Council account (expiry)',
      'sub-caseworker',
      'expired',
      401,
      'Council account (expiry) sent proof of identity that had already expired, so it was refused. Start again.',
    ],
    [
      'an email nobody provisioned',
      'Council account',
      'sub-stranger',
      'unprovisioned',
      403,
      'There is no account here for the email address Council account gave. Ask your administrator if you need access.',
    ],
    [
      'an email the provider did not verify',
      'Council account',
      'sub-unverified',
      'email-unverified',
      403,
      'Council account did not confirm your email address, so no account can be matched to it. Ask your administrator if you need access.',
    ],
    [
      'a role the provider may not give (a leader)',
      'Council account',
      'sub-leader',
      'not-allowed',
      403,
      'Your account cannot sign in with Council account. Ask your administrator if you need access.',
    ],
    [
      'a second subject giving the email of an account already linked',
      'Council account',
      'sub-twin',
      'already-linked',
      403,
      'The account for this email address is already linked to another sign-in. Ask your administrator if you need access.',
    ],
  ])('refuses %s: in words, no session, audited', async (_what, name, login, reason, status, words) => {
    if (reason === 'email-unverified') {
      await accounts().addUser({ email: 'unverified@council.example', role: 'caseworker', las: [LA], password: null }, true);
    }
    if (reason === 'not-allowed')
      await accounts().addUser({ email: 'oidc.leader@council.example', role: 'leader', las: [LA], password: null }, true);
    const sessions = await sessionCount();
    const before = await lastAuditId();
    const answer = browser.page.waitForResponse((r) => r.url().includes('/callback'));
    await throughProvider(name, login);
    expect((await answer).status()).toBe(status);
    await refusedWith(words);
    expect(await sessionCount()).toBe(sessions);
    const audit = await auditSince(before);
    expect(audit.map((a) => [a.action, a.status, a.detail.reason])).toEqual([['sign-in.oidc.refused', status, reason]]);
    // An account that was refused is not linked to the provider's subject.
    if (reason !== 'audience' && reason !== 'expired') {
      expect(await api.db.query(`SELECT 1 FROM users WHERE identity_provider = $1 AND subject = $2`, [issuer, login])).toEqual([]);
    }
  });

  it('refuses a linked account once an administrator disables it, whatever the provider says', async () => {
    expect(await accounts().disable('oidc.caseworker@council.example')).toBe(true);
    const sessions = await sessionCount();
    const before = await lastAuditId();
    const answer = browser.page.waitForResponse((r) => r.url().includes('/callback'));
    await throughProvider('Council account', 'sub-caseworker');
    expect((await answer).status()).toBe(403);
    await refusedWith('This account is switched off. Ask your administrator if you need access.');
    expect(await axeViolations(browser.page, 'sign-in-oidc-refused')).toEqual([]);
    await browser.screenshot('sign-in-oidc-refused');
    expect(await sessionCount()).toBe(sessions);
    expect((await auditSince(before)).map((a) => [a.action, a.status, a.detail.reason])).toEqual([
      ['sign-in.oidc.refused', 403, 'disabled'],
    ]);
  });

  it('switches password sign-in off with PASSWORD_SIGN_IN=false: no form, a right password refused on both routes, audited', async () => {
    process.env.PASSWORD_SIGN_IN = 'false';
    const ssoOnly = await startApi().finally(() => delete process.env.PASSWORD_SIGN_IN);
    try {
      const u = await api.user('caseworker', [LA]);
      const page = await ssoOnly.anonymous().get('/sign-in');
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('id="password"');
      expect(page.text).toContain('Sign in with Council account');
      const sessions = await sessionCount();
      const before = await lastAuditId();
      const form = await ssoOnly.anonymous().post('/sign-in').type('form').send({ email: u.email, password: u.password });
      expect(form.status).toBe(403);
      expect(form.text).toContain('Signing in with a password is switched off here.');
      const json = await ssoOnly.anonymous().post('/v1/auth/sign-in').send({ email: u.email, password: u.password });
      expect([json.status, json.body.message]).toEqual([403, 'password sign-in is switched off here: sign in with single sign-on']);
      expect(await sessionCount()).toBe(sessions);
      // Sign-in refusals only: other test files write to the same audit log meanwhile, their own
      // sign-ins included (a form's 303 landed in this window once).
      const audit = await api.db.query(
        `SELECT action, status FROM audit_log WHERE audit_id > $1 AND action LIKE '%sign-in%' AND status = 403 ORDER BY audit_id`,
        [before],
      );
      expect(audit).toEqual([
        { action: 'POST /sign-in', status: 403 },
        { action: 'POST /v1/auth/sign-in', status: 403 },
      ]);
      // The same password still works where passwords are on.
      expect((await api.anonymous().post('/v1/auth/sign-in').send({ email: u.email, password: u.password })).status).toBe(200);
    } finally {
      await ssoOnly.close();
    }
  });

  it('had no script errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
