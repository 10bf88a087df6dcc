// Each LA's published volumes and rates (DfE statistics in config/reference), newest year first,
// falling back to older years and then to England's figure where a value is suppressed.
import { readReferenceCsv } from '@app/database';
import type { NeedCode } from '@app/rules';

export interface LaProfile {
  la: string;
  name: string;
  requestsPerYear: number;
  /** Of requests decided: share refused an assessment. */
  refuseShare: number;
  decisionsWithin6Weeks: number;
  /** Of assessments completed: share not issued a plan. */
  notIssueShare: number;
  plansIssuedPerYear: number;
  within20Weeks: number;
  /** Of plans issued: share with an exception (published denominators including vs excluding). */
  exceptionShare: number;
  /** Of plans issued after 20 weeks: share taking over a year. */
  overYearShareOfLate: number;
  activePlans: number;
  reviewMeetingHeld: number;
  reviewDecisionsWithin4Weeks: number;
  amendShare: number;
  ceaseShare: number;
  needShares: Record<NeedCode, number>;
}

type Row = Record<string, string>;

const num = (v: string | undefined): number | undefined => {
  if (v === undefined || v === '' || /^[xcz]$/i.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
};

/** Rows of a file by LA code (and 'E' for England), newest period first. */
function byLa(file: string): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const r of readReferenceCsv(file)) {
    const key = r.geographic_level === 'National' ? 'E' : r.geographic_level === 'Local authority' ? r.old_la_code : '';
    if (!key) continue;
    const list = out.get(key) ?? [];
    list.push(r);
    out.set(key, list);
  }
  for (const list of out.values()) list.sort((a, b) => b.time_period.localeCompare(a.time_period));
  return out;
}

/** The newest value of `read` for one key ('E' is England), or undefined. */
function newest(rows: Map<string, Row[]>, key: string, read: (r: Row) => number | undefined): number | undefined {
  for (const r of rows.get(key) ?? []) {
    const v = read(r);
    if (v !== undefined && Number.isFinite(v)) return v;
  }
  return undefined;
}

/** A rate or share: the LA's newest value, else England's (rates carry over, counts do not). */
function latest(rows: Map<string, Row[]>, la: string, read: (r: Row) => number | undefined): number {
  return newest(rows, la, read) ?? newest(rows, 'E', read) ?? 0;
}

/**
 * A count: the LA's newest value, else England's count scaled by the LA's size (`scale`, its
 * share of England's requests). England's own count would make an LA missing from one file
 * (a reorganised county, a shared service) as large as the whole country.
 */
function latestCount(rows: Map<string, Row[]>, la: string, read: (r: Row) => number | undefined, scale: number): number {
  return newest(rows, la, read) ?? Math.round((newest(rows, 'E', read) ?? 0) * scale);
}

const ratio = (a?: number, b?: number) => (a !== undefined && b ? a / b : undefined);

const NEED_COLUMNS: Record<string, NeedCode> = {
  number_asd: 'ASD',
  number_hi: 'HI',
  number_mld: 'MLD',
  number_msi: 'MSI',
  number_oth: 'OTH',
  number_pd: 'PD',
  number_pmld: 'PMLD',
  number_semh: 'SEMH',
  number_slcn: 'SLCN',
  number_sld: 'SLD',
  number_spld: 'SPLD',
  number_vi: 'VI',
};

let cache: Map<string, LaProfile> | undefined;

/** English LAs with SEND duties, for the size of an LA missing from every count. */
const AVERAGE_LA_COUNT = 153;

/** Profiles of every LA in the reference data, read once. */
export function laProfiles(): Map<string, LaProfile> {
  if (cache) return cache;
  const timeliness = byLa('dfe-ehc-timeliness-20-weeks.csv');
  const requests = byLa('dfe-ehc-requests.csv');
  const assessments = byLa('dfe-ehc-assessments.csv');
  const reviews = byLa('dfe-annual-reviews.csv');
  const needs = byLa('dfe-ehc-plans-by-primary-need.csv');
  cache = new Map();
  for (const [la, rows] of timeliness) {
    if (la === 'E') continue;
    const needRow = needs.get(la)?.[0] ?? needs.get('E')![0];
    const needShares = {} as Record<NeedCode, number>;
    for (const [col, code] of Object.entries(NEED_COLUMNS)) needShares[code] = num(needRow[col]) ?? 0;
    const readRequests = (r: Row) => num(r.requests_received_in_year);
    const ownRequests = newest(requests, la, readRequests);
    const englandRequests = newest(requests, 'E', readRequests);
    // The LA's share of England: its requests, else that of an average LA.
    const scale = ownRequests !== undefined && englandRequests ? ownRequests / englandRequests : 1 / AVERAGE_LA_COUNT;
    cache.set(la, {
      la,
      name: rows[0].la_name,
      requestsPerYear: latestCount(requests, la, readRequests, scale),
      refuseShare: latest(requests, la, (r) =>
        ratio(
          num(r.requests_decided_not_to_assess),
          (num(r.requests_decided_to_assess) ?? 0) + (num(r.requests_decided_not_to_assess) ?? 0),
        ),
      ),
      decisionsWithin6Weeks: latest(requests, la, (r) => num(r.request_outcome_six_weeks_pc)) / 100,
      notIssueShare: latest(assessments, la, (r) =>
        ratio(num(r.assess_not_issued), (num(r.assess_issued) ?? 0) + (num(r.assess_not_issued) ?? 0)),
      ),
      plansIssuedPerYear: latestCount(timeliness, la, (r) => num(r.plans_issued_den), scale),
      within20Weeks: latest(timeliness, la, (r) => num(r.pc_plans_issued_within_20_weeks)) / 100,
      exceptionShare: latest(timeliness, la, (r) =>
        ratio((num(r.plans_issued_den) ?? 0) - (num(r.plans_issued_den_ex) ?? 0), num(r.plans_issued_den)),
      ),
      overYearShareOfLate: latest(timeliness, la, (r) =>
        ratio(num(r.plans_issued_gt_1_year), (num(r.plans_issued_gt_1_year) ?? 0) + (num(r.plans_issued_gt20weeks_ltYear) ?? 0)),
      ),
      activePlans:
        newest(reviews, la, (r) => num(r.total_ehc_plans)) ??
        newest(needs, la, (r) => num(r.ehc_plans)) ??
        latestCount(reviews, la, (r) => num(r.total_ehc_plans), scale),
      reviewMeetingHeld: latest(reviews, la, (r) => ratio(num(r.total_review_meeting), num(r.review_expected))),
      reviewDecisionsWithin4Weeks: latest(reviews, la, (r) => num(r.pc_decsion_4weeks)) / 100,
      amendShare: latest(reviews, la, (r) =>
        ratio(num(r.outcome_amend), (num(r.outcome_amend) ?? 0) + (num(r.outcome_cease) ?? 0) + (num(r.outcome_maintan) ?? 0)),
      ),
      ceaseShare: latest(reviews, la, (r) =>
        ratio(num(r.outcome_cease), (num(r.outcome_amend) ?? 0) + (num(r.outcome_cease) ?? 0) + (num(r.outcome_maintan) ?? 0)),
      ),
      needShares,
    });
  }
  return cache;
}

export function laProfile(la: string): LaProfile {
  const profile = laProfiles().get(la);
  if (!profile) throw new Error(`no published figures for LA ${la}`);
  return profile;
}
