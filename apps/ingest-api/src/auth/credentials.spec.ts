import { SESSION_COOKIE, presentedCredential } from './credentials';

const key = 'smk_' + 'k'.repeat(43);
const session = 'sms_' + 's'.repeat(43);

describe('presentedCredential', () => {
  it('takes an API key from Authorization: Bearer or X-API-Key', () => {
    expect(presentedCredential({ headers: { authorization: `Bearer ${key}` } })).toEqual({ kind: 'key', secret: key, from: 'header' });
    expect(presentedCredential({ headers: { 'x-api-key': key } })).toEqual({ kind: 'key', secret: key, from: 'header' });
  });

  it('takes a session from a Bearer header or the session cookie', () => {
    expect(presentedCredential({ headers: { authorization: `Bearer ${session}` } })).toMatchObject({ kind: 'session', from: 'header' });
    expect(presentedCredential({ headers: {}, cookies: { [SESSION_COOKIE]: session } })).toEqual({
      kind: 'session',
      secret: session,
      from: 'cookie',
    });
  });

  it('never takes an API key from the cookie: a key there is a bad credential', () => {
    expect(presentedCredential({ headers: {}, cookies: { [SESSION_COOKIE]: key } })).toEqual({ kind: 'malformed' });
  });

  it('answers malformed to an Authorization header that is not a Bearer token', () => {
    expect(presentedCredential({ headers: { authorization: 'Basic YTpi' }, cookies: { [SESSION_COOKIE]: session } })).toEqual({
      kind: 'malformed',
    });
    expect(presentedCredential({ headers: {} })).toBeUndefined();
  });
});
