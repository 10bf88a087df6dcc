import { readRulesJson } from '../testing/rules-fixture';
import { eventsOf, type Step } from '../casebook';
import { parseRulesTable } from '../table';
import { evaluateCase } from './evaluate-case';

const ndEvents = (steps: Step[]) =>
  eventsOf({ name: 'dna', pathway: 'neurodevelopmental', asOf: '2026-03-01', steps, status: 'closed', milestones: [] }, 'W-1');

describe('waits: the DNA policy comes from the rules table', () => {
  const events = ndEvents([
    ['referral_received', '2025-09-01'],
    ['appointment_dna', '2025-11-03'],
    ['assessment_started', '2026-01-26'],
  ]);

  it('restarts the clock on a DNA at the first appointment when waits.dnaRestartsClock is true', () => {
    const json = readRulesJson();
    const r = evaluateCase(events, '2026-03-01', parseRulesTable(json));
    expect(r.wait).toMatchObject({ clockStartOn: '2025-11-03', daysWaited: 84, restarts: 1 });
    expect(r.milestones[0]).toMatchObject({ dueOn: '2026-02-02', state: 'met' });
  });

  it('keeps the referral clock when an LA sets it to false', () => {
    const json = readRulesJson();
    json.waits.dnaRestartsClock.value = false;
    const r = evaluateCase(events, '2026-03-01', parseRulesTable(json));
    expect(r.wait).toMatchObject({ clockStartOn: '2025-09-01', daysWaited: 147, restarts: 0 });
    expect(r.milestones[0]).toMatchObject({ dueOn: '2025-12-01', state: 'missed' });
  });
});

describe('waits: only the first appointment DNA restarts the clock (RTT rules)', () => {
  const rules = parseRulesTable(readRulesJson());
  const referral: Step = ['referral_received', '2025-09-01'];

  it('gives the same wait whatever DNAs follow the first one', () => {
    const once = evaluateCase(ndEvents([referral, ['appointment_dna', '2025-10-06']]), '2026-03-01', rules);
    const thrice = evaluateCase(
      ndEvents([referral, ['appointment_dna', '2025-10-06'], ['appointment_dna', '2025-11-10'], ['appointment_dna', '2026-01-12']]),
      '2026-03-01',
      rules,
    );
    expect(once.wait).toMatchObject({ clockStartOn: '2025-10-06', daysWaited: 146, restarts: 1 });
    expect(thrice.wait).toEqual(once.wait);
    expect(thrice.milestones).toEqual(once.milestones);
  });

  it('ignores a DNA dated before the referral', () => {
    const r = evaluateCase(ndEvents([['appointment_dna', '2025-08-20'], referral]), '2026-03-01', rules);
    expect(r.wait).toMatchObject({ clockStartOn: '2025-09-01', restarts: 0 });
  });
});

describe('waits: NICE QS51 from the rules table', () => {
  const events = ndEvents([
    ['referral_received', '2025-11-03'],
    ['assessment_started', '2026-03-02'],
  ]);

  it('times the assessment start from the referral with waits.qs51Months', () => {
    expect(evaluateCase(events, '2026-03-31', parseRulesTable(readRulesJson())).wait?.qs51).toEqual({
      dueOn: '2026-02-03',
      state: 'not_within',
    });
    const json = readRulesJson();
    json.waits.qs51Months.value = 4;
    expect(evaluateCase(events, '2026-03-31', parseRulesTable(json)).wait?.qs51).toEqual({ dueOn: '2026-03-03', state: 'within' });
  });

  it('is not given for SLT waits', () => {
    const slt = eventsOf(
      { name: 'slt', pathway: 'slt', asOf: '2026-03-01', steps: [['referral_received', '2025-11-03']], status: 'open', milestones: [] },
      'W-2',
    );
    expect(evaluateCase(slt, '2026-03-01', parseRulesTable(readRulesJson())).wait).not.toHaveProperty('qs51');
  });
});
