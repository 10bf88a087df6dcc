import { loadProfile, parseProfile, ProfileError, profileNames, UnknownProfileError } from './import-profile';
import { isoDate, profilePrefix, rowEvents } from './extract-rows';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';

describe('import profiles: checked when loaded, errors naming the key', () => {
  it('ships the wide format and the NHS referral extract, both valid', () => {
    expect(profileNames()).toEqual(expect.arrayContaining(['nhs-referrals', 'wide-ehc']));
    expect(loadProfile('wide-ehc').events.length).toBeGreaterThan(10);
    expect(loadProfile('nhs-referrals').child).toEqual({ column: 'NHS number', hash: true, kind: 'nhs_number' });
  });

  it('names the key that is wrong', () => {
    const good = {
      name: 'p',
      description: 'd',
      pathway: { value: 'slt' },
      dateFormat: 'dd/MM/yyyy',
      la: { value: '805' },
      caseRef: { column: 'Id' },
      child: { column: 'C', hash: false },
      events: [{ type: 'referral_received', date: 'Referred' }],
    };
    expect(parseProfile('p', good).events).toHaveLength(1);
    const bad = (change: object, key: string) => {
      const run = () => parseProfile('p', { ...good, ...change });
      expect(run).toThrow(ProfileError);
      expect(run).toThrow(new RegExp(`^import profile p: ${key.replace(/[[\].]/g, '\\$&')} `));
    };
    bad({ dateFormat: 'MM/dd/yyyy' }, 'dateFormat');
    bad({ pathway: { value: 'physio' } }, 'pathway');
    bad({ events: [{ type: 'first_contact', date: '' }] }, 'events[0].date');
    bad({ events: [{ type: 'final_plan_issued', date: 'X' }] }, 'events[0].type');
    bad(
      { events: [{ type: 'referral_received', date: 'X', fields: { reason: { column: 'R', codes: { a: 1 } } } }] },
      'events[0].fields.reason.codes',
    );
    bad({ child: { column: 'C', hash: true, kind: 'passport' } }, 'child.kind');
    bad({ colour: 'blue' }, 'colour');
    bad({ name: 'q' }, 'name');
  });

  it('refuses a profile that does not exist, listing those that do', () => {
    expect(() => loadProfile('no-such')).toThrow(UnknownProfileError);
    expect(() => loadProfile('../rules')).toThrow(/profiles: .*wide-ehc/);
  });
});

describe('extract rows as events', () => {
  it('reads dates strictly in the profile’s form', () => {
    expect(isoDate('05/03/2025', 'dd/MM/yyyy', 'D')).toBe('2025-03-05');
    expect(isoDate('5/3/2025', 'd/M/yyyy', 'D')).toBe('2025-03-05');
    expect(isoDate('29/02/2024', 'dd/MM/yyyy', 'D')).toBe('2024-02-29');
    for (const bad of ['31/02/2025', '29/02/2025', '2025-03-05', '5/3/25', '00/01/2025'])
      expect(isoDate(bad, 'dd/MM/yyyy', 'Referral date')).toEqual({
        field: 'Referral date',
        reason: expect.stringContaining('is not a date in the form dd/MM/yyyy'),
      });
  });

  it('makes an event per filled date, hashes the NHS number, and translates codes', () => {
    const profile = loadProfile('nhs-referrals');
    const row = {
      'Local authority code': '805',
      'Referral ID': 'R-1',
      'NHS number': '999 000 0001',
      Service: 'SLT',
      'Referral date': '02/01/2026',
      'First DNA date': '',
      'First contact date': '20/03/2026',
      'Assessment start date': '',
      'Discharge date': '',
      'Closed date': '',
      'Closure reason': '',
      'Patient name': 'Zyx',
      'Date of birth': '01/01/2015',
      Postcode: 'ZZ99 3AB',
      'GP practice': 'X',
    };
    const { events, problems } = rowEvents(profile, row, SECRET);
    expect(problems).toEqual([]);
    expect(events.map((e) => [e.pathway, e.type, e.date])).toEqual([
      ['slt', 'referral_received', '2026-01-02'],
      ['slt', 'first_contact', '2026-03-20'],
    ]);
    expect(events[0].childRef).toMatch(/^CH-[0-9a-f]{20}$/);
    expect(JSON.stringify(events)).not.toMatch(/999 000 0001|9990000001|Zyx|ZZ99|2015/);
    expect(String(events[0].eventId).startsWith(profilePrefix('nhs-referrals'))).toBe(true);
    // Same row, same ids; a corrected date, a new id for that event only.
    const again = rowEvents(profile, { ...row, 'First contact date': '21/03/2026' }, SECRET).events;
    expect(again[0].eventId).toBe(events[0].eventId);
    expect(again[1].eventId).not.toBe(events[1].eventId);
  });

  it('names the column of every problem in a row, and makes no events from it', () => {
    const profile = loadProfile('nhs-referrals');
    const row = {
      'Local authority code': '805',
      'Referral ID': 'R-2',
      'NHS number': '1',
      Service: 'Physio',
      'Referral date': '31/02/2026',
    };
    expect(rowEvents(profile, row, SECRET).problems.map((p) => p.field)).toEqual(['Service']);
    const nd = { ...row, Service: 'ND', 'First contact date': '01/03/2026' };
    const r = rowEvents(profile, nd, SECRET);
    expect(r.problems.map((p) => p.field)).toEqual(['Referral date', 'First contact date']);
    expect(r.events).toEqual([]);
  });
});
