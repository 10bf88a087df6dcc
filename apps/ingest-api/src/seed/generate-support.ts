// The synthetic area's SEN support and AP (issue 15): pupils at SEN support at the national share
// (school-population.ts), spread over the LA's synthetic schools unevenly (schools differ), with
// spells that ended over the last three years; and a few AP placements. Streamed case by case.
import { type CaseEvent, type NeedCode, addDays, daysBetween } from '@app/rules';
import { CaseBuilder } from './case-builder';
import type { SeedOptions } from './generate-events';
import { laProfile } from './la-profile';
import { Prng, hashSeed } from './prng';
import { schoolPopulation } from './school-population';
import { placementEvents, supportEvents } from './support-timeline';

/**
 * Primary needs at SEN support: SLCN is the most common (25.7%, DfE 2024/25); the rest are rough
 * shares for synthetic data, not published figures.
 */
const SUPPORT_NEEDS: Partial<Record<NeedCode, number>> = {
  SLCN: 26,
  SEMH: 20,
  MLD: 17,
  SPLD: 12,
  ASD: 9,
  OTH: 5,
  PD: 3,
  HI: 2,
  VI: 1,
  NSA: 5,
};
const HISTORY_DAYS = 3 * 365;
/**
 * A spell lasts about two years on average (exponential, so the number at support stays level
 * term to term rather than growing towards the as-of date): so over the three years, 1.5 spells
 * ended for each one open now.
 */
const MEAN_SPELL_DAYS = 2 * 365;
const ENDED_PER_OPEN = HISTORY_DAYS / MEAN_SPELL_DAYS;

export interface SupportSeedOptions extends SeedOptions {
  /** Scales every LA's volumes (1 = the national share). */
  scale?: number;
}

/** Every LA's SEN support spells and AP placements, case by case. */
export function* generateSupportCases(options: SupportSeedOptions): Generator<CaseEvent[]> {
  for (const la of options.las) {
    const pop = schoolPopulation(laProfile(la));
    const scale = options.scale ?? 1;
    const rng = new Prng(hashSeed(options.seed, la, 'schools'));
    // Schools differ: weights from a long-tailed draw, so some schools hold far more than others.
    const weights = Object.fromEntries(pop.schools.map((urn) => [urn, rng.logNormal(1, 0.6)]));
    const open = Math.round(pop.atSenSupport * scale);
    const ended = Math.round(open * ENDED_PER_OPEN);
    for (let n = 1; n <= open + ended; n++) yield supportCase(options, la, n, n <= open, weights);
    const placements = Math.round(pop.openPlacements * scale * 1.5);
    for (let n = 1; n <= placements; n++) yield placementCase(options, la, n, n <= pop.openPlacements * scale, pop.providers);
  }
}

function supportCase(options: SeedOptions, la: string, n: number, open: boolean, weights: Record<string, number>): CaseEvent[] {
  const rng = new Prng(hashSeed(options.seed, la, `ss${n}`));
  const ref = String(n).padStart(7, '0');
  // About a third are children the main seed also has (an EHC request, a wait): the links leaders look at.
  const childRef = rng.chance(0.3) ? `C-${la}-${ref}` : `C-${la}-S${ref}`;
  const b = new CaseBuilder({ la, caseRef: `SS-${la}-${ref}`, childRef, pathway: 'sen_support' }, options.asOf);
  // Open: its age so far is exponential too (memoryless). Ended: on any day of the three years,
  // after an exponential spell (at least two weeks).
  const spell = () => Math.max(14, Math.round(-MEAN_SPELL_DAYS * Math.log(1 - rng.next())));
  const endOn = open ? null : addDays(options.asOf, -rng.int(0, HISTORY_DAYS));
  const startOn = endOn === null ? addDays(options.asOf, -spell()) : addDays(endOn, -spell());
  supportEvents(b, rng, {
    startOn,
    endOn,
    schoolUrn: rng.weighted(weights),
    needCode: rng.weighted(SUPPORT_NEEDS as Record<string, number>),
    otherNeed: rng.weighted(SUPPORT_NEEDS as Record<string, number>),
    ncYear: rng.int(0, 11),
  });
  return b.events;
}

function placementCase(options: SeedOptions, la: string, n: number, open: boolean, providers: string[]): CaseEvent[] {
  const rng = new Prng(hashSeed(options.seed, la, `ap${n}`));
  const ref = String(n).padStart(7, '0');
  const b = new CaseBuilder(
    { la, caseRef: `AP-${la}-${ref}`, childRef: `C-${la}-A${ref}`, pathway: 'alternative_provision' },
    options.asOf,
  );
  const startOn = addDays(options.asOf, -rng.int(open ? 7 : 60, open ? 200 : 500));
  const endOn = open ? null : addDays(startOn, rng.int(14, Math.min(180, daysBetween(startOn, options.asOf))));
  placementEvents(b, rng, { startOn, endOn, providerUrn: rng.pick(providers) });
  return b.events;
}
