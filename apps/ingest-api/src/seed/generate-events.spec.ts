import 'reflect-metadata';
import { type CaseEvent, EXCEPTION_REASONS, daysBetween } from '@app/rules';
import { loadLocalAuthorities } from '@app/database';
import { validateEventRecord } from '../events/event-validator';
import { type SeedOptions, generateCases, generateEvents } from './generate-events';
import { laProfile } from './la-profile';
import { seedOptionsFromCli } from './seed-options';

const HARTLEPOOL: SeedOptions = { las: ['805'], seed: 7, asOf: '2026-11-22' };
const cases = [...generateCases(HARTLEPOOL)];
const events = cases.flat();

describe('synthetic seed', () => {
  it('is deterministic: the same seed gives the same events, another seed others', () => {
    const again = [...generateEvents(HARTLEPOOL)];
    expect(JSON.stringify(again)).toEqual(JSON.stringify(events));
    const other = [...generateEvents({ ...HARTLEPOOL, seed: 8 })];
    expect(JSON.stringify(other.slice(0, 50))).not.toEqual(JSON.stringify(events.slice(0, 50)));
  });

  it('writes only events the ingest validator accepts, none after the as-of date', () => {
    const ctx = { knownLas: new Set(loadLocalAuthorities().map((l) => l.laCode)), today: HARTLEPOOL.asOf };
    const bad = events
      .map((e, i) => validateEventRecord(JSON.parse(JSON.stringify(e)), i, ctx).errors)
      .filter(Boolean)
      .slice(0, 3);
    expect(bad).toEqual([]);
  });

  it('gives every event a unique id, one child per case, and retracts of earlier events of the same case', () => {
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    for (const c of cases) {
      expect(new Set(c.map((e) => `${e.caseRef}|${e.childRef}|${e.pathway}`)).size).toBe(1);
      const ids = new Set<string>();
      for (const e of c) {
        if (e.type === 'retract') expect(ids.has(e.retractsEventId)).toBe(true);
        ids.add(e.eventId);
      }
    }
    expect(events.some((e) => e.type === 'retract')).toBe(true);
  });

  it('covers every exception reason and every ending', () => {
    const seen = new Set<string>();
    for (const e of events) {
      seen.add(e.type);
      if (e.type === 'exception') seen.add(`exception:${e.reason}`);
      if (e.type === 'decision_to_assess' || e.type === 'decision_to_issue' || e.type === 'review_decision')
        seen.add(`${e.type}:${e.outcome}`);
      if (e.type === 'request_received' && e.reassessment) seen.add('reassessment');
      if (e.type === 'plan_active' && e.phaseTransfer) seen.add(`phase:${e.phaseTransfer.kind}`);
    }
    const expected = [
      ...EXCEPTION_REASONS.map((r) => `exception:${r}`),
      'decision_to_assess:refuse',
      'decision_to_issue:not_issue',
      'withdrawn',
      'transferred_out',
      'final_plan_issued',
      'review_decision:amend',
      'review_decision:maintain',
      'plan_ceased',
      'amended_plan_issued',
      'phase:school',
      'phase:post16',
      'appointment_dna',
      'first_contact',
      'assessment_started',
      'diagnosis_outcome',
      'discharged',
      'referral_closed',
      'reassessment',
    ];
    expect(expected.filter((k) => !seen.has(k))).toEqual([]);
  });

  it("resembles Hartlepool's published year: 20-week rate and decisions within 6 weeks", () => {
    const p = laProfile('805');
    const requestOf = new Map<string, string>();
    for (const e of events) if (e.type === 'request_received' && !e.reassessment) requestOf.set(e.caseRef, e.date);
    const plans = events.filter(
      (e): e is CaseEvent => e.type === 'final_plan_issued' && e.date.startsWith('2025') && requestOf.has(e.caseRef),
    );
    const within = plans.filter((e) => daysBetween(requestOf.get(e.caseRef)!, e.date) <= 140).length;
    expect(plans.length).toBeGreaterThan(60);
    expect(Math.abs(within / plans.length - p.within20Weeks)).toBeLessThan(0.08);
    const decisions = events.filter((e) => e.type === 'decision_to_assess' && requestOf.has(e.caseRef));
    const timely = decisions.filter((e) => daysBetween(requestOf.get(e.caseRef)!, e.date) <= 42).length;
    expect(Math.abs(timely / decisions.length - p.decisionsWithin6Weeks)).toBeLessThan(0.05);
  });

  it('puts Hartlepool first and shares --cases across LAs by size', () => {
    const options = seedOptionsFromCli({ las: 3, cases: 1000, seed: 2 }, new Date('2026-11-22T12:00:00Z'));
    expect(options).toMatchObject({ las: ['805', '201', '202'], cases: 1000, seed: 2, asOf: '2026-11-22' });
    const perLa = new Map<string, number>();
    for (const c of generateCases(options)) perLa.set(c[0].la, (perLa.get(c[0].la) ?? 0) + 1);
    expect([...perLa.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(1000);
    expect(perLa.get('805')).toBeGreaterThan(perLa.get('201') ?? 0);
    expect(() => seedOptionsFromCli({ la: ['999'] })).toThrow(/unknown LA/);
  });
});
