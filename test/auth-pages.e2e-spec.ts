// The dashboards behind sign-in: the session cookie from the sign-in page opens the pages of the
// principal's role and LA; other LAs and other roles' pages are refused, and a browser without a
// session is sent to sign in. (test/pages.e2e-spec.ts drives the pages themselves in chromium.)
import { type TestApi, startApi } from './support/api-app';

describe('dashboards behind sign-in', () => {
  let api: TestApi;
  beforeAll(async () => (api = await startApi()));
  afterAll(async () => api.close());

  /** Signs in through the form, as a browser does, and returns the session cookie. */
  async function cookieFor(role: Parameters<TestApi['user']>[0], las: string[], staffRef?: string): Promise<string> {
    const u = await api.user(role, las, staffRef);
    const res = await api
      .anonymous()
      .post('/sign-in')
      .type('form')
      .send({ email: u.email, password: u.password, next: '/dashboard' })
      .expect(303);
    return String(res.headers['set-cookie']).split(';')[0];
  }
  const page = (cookie: string, path: string) => api.anonymous().get(path).set('cookie', cookie).set('accept', 'text/html');

  it('opens a caseworker’s own pages and refuses other LAs and other roles’ pages', async () => {
    const cookie = await cookieFor('caseworker', ['805'], 'CW-805-ASSESSMENT-2');
    await page(cookie, '/dashboard?la=805').expect(200);
    const mine = await page(cookie, '/dashboard/caseworker?la=805').expect(200);
    expect(mine.text).toContain('CW-805-ASSESSMENT-2');
    await page(cookie, '/dashboard?la=807').expect(403);
    await page(cookie, '/dashboard/caseworker?la=807').expect(403);
    await page(cookie, '/dashboard/cases/807/EHC-807-1').expect(403);
    const refused = await page(cookie, '/dashboard/commissioner?la=805&pathway=slt').expect(403);
    expect(refused.headers['content-type']).toContain('text/html');
    // Why, in words (not the route or the role's internal name), with a way on.
    expect(refused.text).toContain('You are signed in as a caseworker.');
    expect(refused.text).toContain('Waiting lists is for commissioners, leaders and team managers.');
    expect(refused.text).not.toContain('may not GET');
    expect(refused.text).toContain('Go to your home page');
  });

  it('opens a commissioner’s LAs’ waiting lists but no case file', async () => {
    const cookie = await cookieFor('commissioner', ['805', '806']);
    await page(cookie, '/dashboard/commissioner?la=806&pathway=slt').expect(200);
    await page(cookie, '/dashboard/commissioner?la=807&pathway=slt').expect(403);
    await page(cookie, '/dashboard/cases/805/EHC-805-1').expect(403);
  });

  it('sends a browser without a session to the sign-in page, and back after signing in', async () => {
    const away = await api.anonymous().get('/dashboard/caseworker?la=805').set('accept', 'text/html').expect(303);
    expect(away.headers.location).toBe('/sign-in?next=%2Fdashboard%2Fcaseworker%3Fla%3D805');
    const u = await api.user('team_manager', ['805']);
    const back = await api
      .anonymous()
      .post('/sign-in')
      .type('form')
      .send({ email: u.email, password: u.password, next: '/dashboard/caseworker?la=805' })
      .expect(303);
    expect(back.headers.location).toBe('/dashboard/caseworker?la=805');
    await page(String(back.headers['set-cookie']).split(';')[0], back.headers.location).expect(200);
  });
});
