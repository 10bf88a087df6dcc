import { evaluateCases } from '@app/rules';
import { RULES } from '@app/rules/testing';
import { generateSupportCases } from './generate-support';
import { laProfile } from './la-profile';
import { SEN_SUPPORT_SHARE, SYNTHETIC_URN_BASE, schoolPopulation } from './school-population';

describe('generateSupportCases', () => {
  const options = { las: ['805'], seed: 7, asOf: '2026-11-30' };
  const events = [...generateSupportCases(options)].flat();
  const evaluations = evaluateCases(events, options.asOf, RULES);
  const pop = schoolPopulation(laProfile('805'));

  it('puts pupils at SEN support at the national share, over synthetic URNs only', () => {
    const open = evaluations.filter((e) => e.pathway === 'sen_support' && e.status === 'open');
    expect(open.length / pop.pupils).toBeCloseTo(SEN_SUPPORT_SHARE, 3);
    const urns = new Set(open.map((e) => e.senSupport!.schoolUrn));
    for (const urn of urns) expect(Number(urn)).toBeGreaterThanOrEqual(SYNTHETIC_URN_BASE);
    expect(urns.size).toBeGreaterThan(pop.schools.length / 2);
  });

  it('keeps the number at SEN support about level over the years before (no artificial rise)', () => {
    const spells = evaluations.filter((e) => e.pathway === 'sen_support').map((e) => e.senSupport!);
    const at = (day: string) => spells.filter((s) => s.startedOn <= day && (s.endedOn === null || s.endedOn > day)).length;
    const now = at(options.asOf);
    for (const day of ['2024-12-01', '2025-06-01', '2025-11-30']) expect(Math.abs(at(day) / now - 1)).toBeLessThan(0.1);
  });

  it('has churn (ended spells, reviews overdue) and a few AP placements, some part-time', () => {
    const support = evaluations.filter((e) => e.pathway === 'sen_support');
    expect(support.filter((e) => e.status === 'closed').length).toBeGreaterThan(support.length / 3);
    const overdue = support.filter((e) => e.milestones.some((m) => m.state === 'overdue'));
    expect(overdue.length).toBeGreaterThan(0);
    const ap = evaluations.filter((e) => e.pathway === 'alternative_provision' && e.status === 'open');
    expect(ap.length).toBe(pop.openPlacements);
    expect(ap.some((e) => e.placement!.partTime)).toBe(true);
  });

  it('is the same for the same seed', () => {
    expect([...generateSupportCases(options)].flat()).toEqual(events);
  });
});
