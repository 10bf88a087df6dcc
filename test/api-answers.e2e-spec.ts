// How the API answers, whatever the route (issue 11, item 7): no answer carrying case, alert,
// audit or report data may be kept by a browser or proxy cache; a body the API cannot read is
// 415, not a validation error about an empty batch; and an event's "__proto__" or "constructor"
// key is refused by name like any other field the event does not have.
import { get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type TestApi, startApi } from './support/api-app';
import { ehcAssessment, uniquePrefix } from './support/event-factory';

describe('answers of the API', () => {
  let api: TestApi;
  let key: string;
  beforeAll(async () => {
    api = await startApi();
    key = (await api.apiKey('805')).key;
  });
  afterAll(async () => api.close());

  it('sends Cache-Control: no-store on every authenticated API and dashboard answer, refusals too', async () => {
    const prefix = uniquePrefix('nostore');
    await api.as(key)().post('/v1/events').send(ehcAssessment(prefix, 1)).expect(200);
    const leader = await api.user('leader', ['805']);
    const answers = [
      await api.http().get(`/v1/cases/805/${prefix}-EHC-1`).expect(200),
      await api.http().get('/v1/cases/805/NO-SUCH-1').expect(404),
      await api.http().get('/v1/alerts').query({ la: '805' }).expect(200),
      await api.http().get('/v1/alerts').query({ la: '805', format: 'csv' }).expect(200),
      await api.http().get('/v1/audit').query({ limit: 1 }).expect(200),
      await api.http().get('/v1/reports/waiting-list').query({ la: '805', pathway: 'slt' }).expect(200),
      await api.http().get('/v1/reports/open-assessments').query({ la: '805', format: 'csv' }).expect(200),
      await api.http().get('/v1/targets').query({ la: '805' }).expect(200),
      await api.http().get('/v1/auth/me').expect(200),
      await api.http().get('/dashboard/leader').query({ la: '805' }).expect(200),
      await api.http().get(`/dashboard/cases/805/${prefix}-EHC-1`).expect(200),
      await api.as(leader.token)().get('/v1/reports/waiting-list').query({ la: '807', pathway: 'slt' }).expect(403),
      await api.as(key)().post('/v1/events').send([]).expect(200),
    ];
    expect(answers.map((r, i) => [i, r.headers['cache-control']])).toEqual(answers.map((_, i) => [i, 'no-store']));
  });

  it('lets the dashboards’ static files be cached', async () => {
    const css = await api.anonymous().get('/dashboard/assets/app.css').expect(200);
    expect(css.headers['cache-control']).toMatch(/max-age=\d+/);
  });

  it('compresses what it sends when the browser accepts it: Chart.js goes out at about a third of its size', async () => {
    const plain = await api.anonymous().get('/dashboard/assets/vendor/chart.umd.js').set('accept-encoding', 'identity').expect(200);
    expect(plain.headers['content-encoding']).toBeUndefined();
    // Counted off the wire (a client library would unzip it first).
    const server = api.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const zipped = await new Promise<{ headers: IncomingHttpHeaders; bytes: number }>((resolve, reject) =>
      get({ host: '127.0.0.1', port, path: '/dashboard/assets/vendor/chart.umd.js', headers: { 'accept-encoding': 'gzip' } }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => resolve({ headers: res.headers, bytes }));
      }).on('error', reject),
    );
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.bytes).toBeLessThan(plain.text.length / 2.5);
  });

  it('answers 415 to a body it does not read (text/plain, XML), and still reads JSON, forms and CSV', async () => {
    const event = JSON.stringify(ehcAssessment(uniquePrefix('plain'), 1)[0]);
    const plain = await api.as(key)().post('/v1/events').set('content-type', 'text/plain').send(event).expect(415);
    expect(plain.body).toMatchObject({ statusCode: 415, message: expect.stringContaining('application/json') });
    await api.as(key)().post('/v1/events').set('content-type', 'application/xml').send('<event/>').expect(415);
    await api.http().post('/v1/targets').set('content-type', 'text/plain').send('{}').expect(415);
    await api.anonymous().post('/v1/auth/sign-in').set('content-type', 'text/plain').send('email=a&password=b').expect(415);
    // Still read: JSON, the sign-in form, a CSV import, and a POST without a body.
    await api.as(key)().post('/v1/events').set('content-type', 'application/json; charset=utf-8').send('[]').expect(200);
    await api.anonymous().post('/sign-in').type('form').send({ email: 'nobody@test.example', password: 'x' }).expect(401);
    await api
      .as(key)()
      .post('/v1/imports')
      .set('content-type', 'text/csv')
      .send('eventId,la,caseRef,childRef,pathway,type,date\n')
      .expect(200);
    const user = await api.user('caseworker', ['805']);
    await api.as(user.token)().post('/v1/auth/sign-out').expect(204);
  });

  it.each([['__proto__'], ['constructor'], ['prototype']])('refuses an event with a %s key, naming the field', async (field) => {
    const [event] = ehcAssessment(uniquePrefix('proto'), 1);
    const body = `[${JSON.stringify(event).replace(/^\{/, `{${JSON.stringify(field)}:{"x":1},`)}]`;
    const res = await api.as(key)().post('/v1/events').set('content-type', 'application/json').send(body).expect(422);
    expect(res.body.errors).toEqual([{ index: 0, eventId: event.eventId, field, reason: `${field} is not a field of this event type` }]);
  });
});
