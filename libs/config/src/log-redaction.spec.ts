import { redactUrl, requestSerializers } from './log-redaction';

describe('request log redaction', () => {
  it('masks references in paths and drops queries, keeping route words and LA codes', () => {
    expect(redactUrl('/v1/cases/805/EHC-2026-0001?asOf=2026-01-01')).toBe('/v1/cases/805/:ref?…');
    expect(redactUrl('/v1/alerts?la=805&assignee=CW-805-1')).toBe('/v1/alerts?…');
    expect(redactUrl('/dashboard/cases/805/C-00042')).toBe('/dashboard/cases/805/:ref');
    expect(redactUrl('/v1/reports/ehc-timeliness')).toBe('/v1/reports/ehc-timeliness');
    expect(redactUrl('/v1/targets/805/12/statuses')).toBe('/v1/targets/805/:ref/statuses');
  });

  it('logs neither headers nor bodies, and the full URL only at debug', () => {
    const req = { id: 1, method: 'GET', url: '/v1/cases/805/EHC-1', headers: { cookie: 'x' }, body: { childRef: 'C-1' } };
    expect(requestSerializers('info').req(req)).toEqual({ id: 1, method: 'GET', url: '/v1/cases/805/:ref' });
    expect(requestSerializers('debug').req(req)).toEqual({ id: 1, method: 'GET', url: '/v1/cases/805/EHC-1' });
  });
});
