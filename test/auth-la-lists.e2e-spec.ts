// LA lists in queries (issue 11, item 1): the guard and the validators read `la` with one parser,
// so a code the guard did not check can never reach a report. " 201" (a space before the code) is
// not a code: the request is refused and the refusal audited, never run as a successful read.
import { type TestApi, type TestUser, startApi } from './support/api-app';

const REPORT = '/v1/reports/ehc-timeliness';
const PERIOD = { from: '2020-01-01', to: '2026-11-30', by: 'la' };

describe('LA lists: one parser for the guard and the validators', () => {
  let api: TestApi;
  let leader: TestUser;
  beforeAll(async () => {
    api = await startApi();
    leader = await api.user('leader', ['805']);
  });
  afterAll(async () => api.close());

  const trail = async (who: TestUser) => (await api.http().get('/v1/audit').query({ actor: who.email }).expect(200)).body;

  it('refuses la=805,%20201 (a space before a code outside the leader’s LAs) and audits the refusal', async () => {
    const res = await api.as(leader.token)().get(`${REPORT}?la=805,%20201&from=2020-01-01&to=2026-11-30&by=la`);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('la must be');
    expect(res.body.las).toBeUndefined();
    const [last] = await trail(leader);
    expect(last).toMatchObject({ action: 'access.denied', status: 400 });
    expect(last.action).not.toBe('report.read');
  });

  it('refuses a well-formed code outside the principal’s LAs (403), audited with that LA', async () => {
    await api
      .as(leader.token)()
      .get(REPORT)
      .query({ ...PERIOD, la: '805,201' })
      .expect(403);
    const [last] = await trail(leader);
    expect(last).toMatchObject({ action: 'access.denied', la: '201', status: 403 });
  });

  it.each([['%20805'], ['805%20'], ['805,'], ['805%09'], ['8o5'], ['805,%2C805']])(
    'answers la=%s with 400 naming the field, for a leader and an administrator alike',
    async (la) => {
      for (const http of [api.as(leader.token), api.http]) {
        const res = await http().get(`${REPORT}?la=${la}&from=2020-01-01&to=2026-11-30`);
        expect({ la, status: res.status }).toEqual({ la, status: 400 });
        expect(JSON.stringify(res.body)).toMatch(/\bla must be/);
      }
    },
  );

  it('still reads la given once, repeated or comma-separated', async () => {
    const once = await api
      .as(leader.token)()
      .get(REPORT)
      .query({ ...PERIOD, la: '805' })
      .expect(200);
    expect(once.body.las).toEqual(['805']);
    const admin = await api.http().get(`${REPORT}?la=805,201&la=807&from=2020-01-01&to=2026-11-30`).expect(200);
    expect([...admin.body.las].sort()).toEqual(['201', '805', '807']);
  });

  it('refuses malformed single codes in the path and the query the same way (400, audited)', async () => {
    const reader = await api.user('caseworker', ['805']);
    await api.as(reader.token)().get('/v1/cases/%20805/X-1').expect(400);
    await api.as(reader.token)().get('/v1/alerts').query({ la: '805 ' }).expect(400);
    const rows = await trail(reader);
    expect(rows.map((r: { status: number }) => r.status)).toEqual([400, 400]);
  });
});
