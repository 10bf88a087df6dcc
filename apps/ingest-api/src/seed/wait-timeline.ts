// One synthetic SLT or neurodevelopmental referral: long-tailed waits, DNAs, discharge.
import { type IsoDate, addDays } from '@app/rules';
import type { CaseBuilder } from './case-builder';
import type { Prng } from './prng';

/** Median weeks to first contact / assessment started, and the spread of the tail. */
const WAITS = {
  slt: { medianWeeks: 17, sigma: 0.6, stop: 'first_contact' },
  neurodevelopmental: { medianWeeks: 44, sigma: 0.75, stop: 'assessment_started' },
} as const;

const CLOSURE_REASONS = ['no_longer_required', 'moved_away', 'referred_elsewhere', 'declined'];
const DIAGNOSES = { autism: 45, adhd: 20, autism_and_adhd: 12, no_diagnosis: 18, other: 5 };

export function waitEvents(
  b: CaseBuilder,
  rng: Prng,
  pathway: 'slt' | 'neurodevelopmental',
  d: { referredOn: IsoDate; needCode?: string; birthDate: IsoDate },
): void {
  const fields: Record<string, unknown> = { birthDate: d.birthDate };
  if (d.needCode) fields.needCode = d.needCode;
  if (!b.add('referral_received', d.referredOn, fields)) return;
  const w = WAITS[pathway];
  let firstOn = addDays(d.referredOn, Math.round(rng.logNormal(w.medianWeeks, w.sigma) * 7));
  if (rng.chance(0.06)) {
    b.add('referral_closed', addDays(d.referredOn, rng.int(14, 200)), { reason: rng.pick(CLOSURE_REASONS) });
    return;
  }
  // A missed first appointment restarts the clock from the rebooking (RTT rules).
  if (rng.chance(0.1)) {
    if (!b.add('appointment_dna', firstOn)) return;
    firstOn = addDays(firstOn, rng.int(21, 84));
  }
  if (!b.add(w.stop, firstOn)) return;
  let lastOn = firstOn;
  if (pathway === 'neurodevelopmental') {
    lastOn = addDays(firstOn, rng.int(28, 140));
    if (!b.add('diagnosis_outcome', lastOn, { outcome: rng.weighted(DIAGNOSES) })) return;
  }
  b.add('discharged', addDays(lastOn, rng.int(30, 280)));
}
