// The synthetic schools of an LA and how many of its pupils are at SEN support, scaled from the LA's
// published EHC plans by national ratios (DfE, "Special educational needs in England", January 2025
// school census, 2024/25 release: 14.2% of pupils at SEN support, 5.3% with an EHC plan, 483,000
// pupils with a plan; DfE "Education, health and care plans" 2025: 638,700 plans of all ages).
import type { LaProfile } from './la-profile';

/** Of all pupils: at SEN support, and with an EHC plan (January 2025 census). */
export const SEN_SUPPORT_SHARE = 0.142;
const EHC_PLAN_PUPIL_SHARE = 0.053;
/** Of all EHC plans (ages 0-25), those held by pupils in schools: 483,000 of 638,700. */
const PLANS_IN_SCHOOLS = 483_000 / 638_700;
/** About 9.1 million pupils in about 20,000 state-funded schools: roughly 450 a school. */
const PUPILS_PER_SCHOOL = 450;

/**
 * Synthetic URNs come from 800000-999999, which the monitor reserves for synthetic data: each LA
 * code (201-938) gets its own block of 270, so two LAs never share a school: up to 268 schools,
 * then two AP providers.
 */
export const SYNTHETIC_URN_BASE = 800_000;
export const URNS_PER_LA = 270;

export interface SchoolPopulation {
  pupils: number;
  /** Pupils at SEN support on the as-of date, at the national share. */
  atSenSupport: number;
  schools: string[];
  /** The LA's two synthetic AP providers with a URN. */
  providers: string[];
  /** AP placements open on the as-of date: a few (about 1 in 400 pupils; synthetic, not a published rate). */
  openPlacements: number;
}

export function schoolPopulation(p: LaProfile): SchoolPopulation {
  const pupils = Math.round((p.activePlans * PLANS_IN_SCHOOLS) / EHC_PLAN_PUPIL_SHARE);
  const count = Math.min(URNS_PER_LA - 2, Math.max(1, Math.round(pupils / PUPILS_PER_SCHOOL)));
  const base = SYNTHETIC_URN_BASE + (Number(p.la) - 200) * URNS_PER_LA;
  return {
    pupils,
    atSenSupport: Math.round(pupils * SEN_SUPPORT_SHARE),
    schools: Array.from({ length: count }, (_, i) => String(base + i)),
    providers: [String(base + URNS_PER_LA - 2), String(base + URNS_PER_LA - 1)],
    openPlacements: Math.max(3, Math.round(pupils / 400)),
  };
}
