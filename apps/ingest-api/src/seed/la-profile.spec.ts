import { laProfile, laProfiles } from './la-profile';

describe('LA profiles from the published figures', () => {
  it('never gives an LA missing from a file the whole of England as its count', () => {
    const england = [...laProfiles().values()].reduce((sum, p) => sum + p.activePlans, 0);
    for (const p of laProfiles().values()) {
      // Kent, the largest, holds about 3% of England's plans.
      expect({ la: p.la, share: p.activePlans / england < 0.05 }).toEqual({ la: p.la, share: true });
      expect(p.requestsPerYear).toBeGreaterThan(0);
    }
  });

  it('sizes an LA without annual review figures from its own plans by primary need', () => {
    // Wandsworth is in the primary-need table (3,175 plans) but not the annual reviews one.
    expect(laProfile('212').activePlans).toBe(3175);
  });
});
