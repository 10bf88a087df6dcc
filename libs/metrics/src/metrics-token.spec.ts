import { carriesMetricsToken } from './metrics-token';

const TOKEN = 'a-metrics-token-of-enough-length-123';

describe('carriesMetricsToken', () => {
  it('takes the token as a Bearer credential', () => {
    expect(carriesMetricsToken(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(carriesMetricsToken(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it.each([
    ['no header', undefined],
    ['another token', 'Bearer a-metrics-token-of-enough-length-124'],
    ['a prefix of it', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token without Bearer', TOKEN],
    ['Basic credentials', `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`],
  ])('refuses %s', (_what, header) => {
    expect(carriesMetricsToken(header, TOKEN)).toBe(false);
  });

  it('refuses everything while no token is configured (metrics off)', () => {
    expect(carriesMetricsToken('Bearer ', '')).toBe(false);
    expect(carriesMetricsToken('Bearer x', '')).toBe(false);
  });
});
