// The synthetic area: every LA's cases drawn case by case (streamed, never all in memory), with
// volumes and rates from the DfE's published figures for that LA.
import { type CaseEvent, type IsoDate, type NeedCode, type Pathway, addDays, yearOf } from '@app/rules';
import { annualReviewEvents } from './annual-review-timeline';
import { CaseBuilder } from './case-builder';
import { ehcAssessmentEvents } from './ehc-timeline';
import { type LaProfile, laProfile } from './la-profile';
import { Prng, hashSeed } from './prng';
import { waitEvents } from './wait-timeline';

export interface SeedOptions {
  /** LA codes, e.g. ['805']. */
  las: string[];
  /** Total cases across the LAs; undefined means each LA's own published size. */
  cases?: number;
  seed: number;
  asOf: IsoDate;
}

/** Years of requests and referrals behind the as-of date: enough for a complete calendar year. */
const HISTORY_DAYS = 3 * 365;
const CASE_PREFIX: Record<Pathway, string> = {
  ehc_assessment: 'EHC',
  annual_review: 'AR',
  slt: 'SLT',
  neurodevelopmental: 'ND',
  sen_support: 'SS',
  alternative_provision: 'AP',
};

/** An LA's natural number of cases per pathway: 3 years of requests, its plans, its waiting lists. */
export function pathwayVolumes(p: LaProfile): Record<Pathway, number> {
  return {
    ehc_assessment: Math.round(p.requestsPerYear * 3),
    annual_review: p.activePlans,
    // Community SLT and ND lists are of the order of an LA's plans (no national collection).
    slt: Math.round(p.activePlans * 0.8),
    neurodevelopmental: p.activePlans,
    // SEN support and AP are seeded school by school (seed-schools), not in this mix.
    sen_support: 0,
    alternative_provision: 0,
  };
}

const total = (v: Record<string, number>) => Object.values(v).reduce((a, b) => a + b, 0);

/** How many cases each LA gets: its own size, or `cases` shared in proportion to size. */
export function casesPerLa(options: SeedOptions): Map<string, number> {
  const sizes = new Map(options.las.map((la) => [la, Math.max(total(pathwayVolumes(laProfile(la))), 1)]));
  if (options.cases === undefined) return sizes;
  const all = total(Object.fromEntries(sizes));
  const out = new Map<string, number>();
  let given = 0;
  options.las.forEach((la, i) => {
    const n = i === options.las.length - 1 ? options.cases! - given : Math.round((options.cases! * sizes.get(la)!) / all);
    out.set(la, Math.max(n, 0));
    given += Math.max(n, 0);
  });
  return out;
}

function birthDate(rng: Prng, on: IsoDate, minAge: number, maxAge: number): IsoDate {
  return addDays(on, -Math.round((minAge + rng.next() * (maxAge - minAge)) * 365.25));
}

/** One case's events, drawn from its own PRNG stream so any case can be regenerated alone. */
export function generateCase(options: SeedOptions, la: string, n: number, pathway: Pathway, profile: LaProfile): CaseEvent[] {
  const rng = new Prng(hashSeed(options.seed, la, n));
  const ref = `${CASE_PREFIX[pathway]}-${la}-${String(n).padStart(7, '0')}`;
  const b = new CaseBuilder({ la, caseRef: ref, childRef: `C-${la}-${String(n).padStart(7, '0')}`, pathway }, options.asOf);
  const needCode = rng.weighted(profile.needShares) as NeedCode;
  const startOn = addDays(options.asOf, -rng.int(0, HISTORY_DAYS));
  switch (pathway) {
    case 'ehc_assessment':
      ehcAssessmentEvents(b, rng, profile, {
        requestOn: startOn,
        needCode,
        birthDate: birthDate(rng, startOn, 2, 17),
        reassessment: rng.chance(0.03),
      });
      break;
    case 'annual_review': {
      const issuedOn = addDays(options.asOf, -rng.int(30, 5 * 365));
      const under5 = rng.chance(0.06);
      const transfer = rng.chance(0.12);
      annualReviewEvents(b, rng, profile, {
        issuedOn,
        needCode,
        birthDate: birthDate(rng, issuedOn, under5 ? 1 : 4, under5 ? 3 : 17),
        phaseTransfer: transfer ? { year: yearOf(options.asOf) + rng.int(0, 1), kind: rng.chance(0.7) ? 'school' : 'post16' } : undefined,
      });
      break;
    }
    case 'slt':
    case 'neurodevelopmental':
      waitEvents(b, rng, pathway, {
        referredOn: startOn,
        needCode: rng.chance(0.4) ? needCode : undefined,
        birthDate: birthDate(rng, startOn, 2, 15),
      });
  }
  return b.events;
}

/** Every case's events, LA by LA; the pathway mix of each LA follows its volumes. */
export function* generateCases(options: SeedOptions): Generator<CaseEvent[]> {
  for (const [la, count] of casesPerLa(options)) {
    const profile = laProfile(la);
    const volumes = pathwayVolumes(profile);
    const mix = new Prng(hashSeed(options.seed, la, 'mix'));
    for (let n = 1; n <= count; n++) {
      const events = generateCase(options, la, n, mix.weighted(volumes), profile);
      if (events.length) yield events;
    }
  }
}

/** The events alone, streamed. */
export function* generateEvents(options: SeedOptions): Generator<CaseEvent> {
  for (const events of generateCases(options)) yield* events;
}
