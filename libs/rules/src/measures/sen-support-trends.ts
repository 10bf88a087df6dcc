// Trends leaders can act on (issue 15): schools whose SEN support count moved sharply against their
// own history, schools with none, and needs rising across schools. The method is a Poisson test of
// the latest term against the mean of the previous senSupport.trendHistoryTerms terms, two-sided at
// senSupport.trendSignificancePercent (docs/rules.md, "SEN support trends"). Pure arithmetic on the
// term counts of SenSupportAccumulator.
import type { RulesTable } from '../table';
import { poissonTest, type PoissonTest } from './poisson-test';
import type { SenSupportTerm } from './sen-support-measures';

export interface CountTrend extends PoissonTest {
  /** The counts behind it, oldest term first; the last is the one tested. */
  counts: number[];
  terms: string[];
}

export interface SchoolTrend extends CountTrend {
  schoolUrn: string;
}

export interface NeedTrend extends CountTrend {
  needCode: string;
  /** Latest against the history's mean, in percent (null when the mean is 0). */
  changePercent: number | null;
}

export interface SenSupportTrends {
  /** Schools whose latest term moved sharply ('rise' or 'fall'); steady schools are left out. */
  schoolsMoved: SchoolTrend[];
  /** Known schools with no pupil at SEN support in the latest term. */
  schoolsWithNone: string[];
  /** Needs whose latest count rose by senSupport.needRisingPercent or more and the test agrees. */
  needsRising: NeedTrend[];
}

function trendOf(counts: number[], terms: string[], rules: RulesTable): CountTrend | null {
  const s = rules.senSupport;
  const history = counts.slice(0, -1).slice(-s.trendHistoryTerms);
  if (history.length < s.trendMinHistoryTerms) return null;
  return { ...poissonTest(counts[counts.length - 1], history, s.trendSignificancePercent), counts, terms };
}

/**
 * `terms` oldest first, the last being the term tested. `knownSchools` are schools the LA expects
 * returns from (its school list); any school seen in a term is known too.
 */
export function senSupportTrends(
  terms: readonly SenSupportTerm[],
  rules: RulesTable,
  knownSchools: readonly string[] = [],
): SenSupportTrends {
  const labels = terms.map((t) => t.term.label);
  const schools = new Set(knownSchools);
  const needs = new Set<string>();
  for (const t of terms) {
    for (const urn of Object.keys(t.bySchool)) schools.add(urn);
    for (const need of Object.keys(t.byNeed)) needs.add(need);
  }
  const latest = terms[terms.length - 1];
  const schoolsMoved: SchoolTrend[] = [];
  for (const urn of [...schools].sort()) {
    const trend = trendOf(
      terms.map((t) => t.bySchool[urn] ?? 0),
      labels,
      rules,
    );
    if (trend && trend.direction !== 'steady') schoolsMoved.push({ schoolUrn: urn, ...trend });
  }
  const needsRising: NeedTrend[] = [];
  for (const need of [...needs].sort()) {
    const trend = trendOf(
      terms.map((t) => t.byNeed[need] ?? 0),
      labels,
      rules,
    );
    if (!trend) continue;
    const changePercent = trend.expected === 0 ? null : (100 * (trend.observed - trend.expected)) / trend.expected;
    const risen = changePercent === null ? trend.observed > 0 : changePercent >= rules.senSupport.needRisingPercent;
    if (risen && trend.direction === 'rise') needsRising.push({ needCode: need, changePercent, ...trend });
  }
  const schoolsWithNone = latest ? [...schools].filter((urn) => !latest.bySchool[urn]).sort() : [];
  return { schoolsMoved, schoolsWithNone, needsRising };
}
