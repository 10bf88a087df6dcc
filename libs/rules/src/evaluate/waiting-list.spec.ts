import { readRulesJson } from '../testing/rules-fixture';
import { eventsOf } from '../casebook';
import { parseRulesTable } from '../table';
import { evaluateCase } from './evaluate-case';

describe('waits: the DNA policy comes from the rules table', () => {
  const steps = [
    ['referral_received', '2025-09-01'],
    ['appointment_dna', '2025-11-03'],
    ['assessment_started', '2026-01-26'],
  ] as const;
  const events = eventsOf(
    { name: 'dna', pathway: 'neurodevelopmental', asOf: '2026-03-01', steps: steps.map((s) => [...s]), status: 'closed', milestones: [] },
    'W-1',
  );

  it('restarts the clock on a DNA when waits.dnaRestartsClock is true', () => {
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
