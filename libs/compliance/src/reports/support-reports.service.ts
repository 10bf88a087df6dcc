// The SEN support and alternative provision reports (issue 15), read from the nightly snapshot
// (one LA-wide row per pathway: its term counts, flows, links and placements), never by
// evaluating the caseload per request; the trend test is libs/rules arithmetic on those counts.
import { Inject, Injectable } from '@nestjs/common';
import { Clock, RULES_TABLE } from '@app/config';
import { senSupportTrends, share, type RulesTable } from '@app/rules';
import { SchoolReturnsRepository } from '../school-returns/school-returns.repository';
import { SnapshotsService } from '../snapshots/snapshots.service';
import type { AlternativeProvisionReport, SenSupportReport } from './support-report-types';

@Injectable()
export class SupportReportsService {
  constructor(
    private readonly snapshots: SnapshotsService,
    private readonly schools: SchoolReturnsRepository,
    private readonly clock: Clock,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
  ) {}

  /** As of `on` (default today in London). */
  async senSupport(la: string, on?: string): Promise<SenSupportReport> {
    const asOf = on ?? this.clock.todayInLondon();
    const row = await this.snapshots.latest(la, 'sen_support', asOf);
    const m = row?.measures.senSupport;
    const known = await this.schools.schools(la);
    const terms = m?.terms ?? [];
    const latest = terms[terms.length - 1];
    const urns = [...new Set([...known, ...terms.flatMap((t) => Object.keys(t.bySchool))])].sort();
    const needs = [...new Set(terms.flatMap((t) => Object.keys(t.byNeed)))].sort();
    return {
      la,
      asOf,
      snapshotOn: row?.snapshotOn ?? null,
      open: m?.now.open ?? 0,
      reviewOverdue: m?.now.reviewOverdue ?? share(0, 0),
      terms: terms.map((t) => ({
        term: t.term.label,
        countedOn: t.countedOn,
        atSupport: t.atSupport,
        started: t.started,
        ended: t.ended,
        endedByReason: t.endedByReason,
      })),
      byNeed: needs.map((needCode) => ({ needCode, counts: terms.map((t) => t.byNeed[needCode] ?? 0) })),
      schools: urns.map((schoolUrn) => ({
        schoolUrn,
        counts: terms.map((t) => t.bySchool[schoolUrn] ?? 0),
        atSupport: latest?.bySchool[schoolUrn] ?? 0,
        reviewOverdue: m?.now.reviewOverdueBySchool[schoolUrn] ?? 0,
      })),
      trends: senSupportTrends(terms, this.rules, known),
      links: row?.measures.senSupportLinks ?? null,
      method: {
        test: 'Poisson, two-sided, latest term against the mean of the previous terms',
        historyTerms: this.rules.senSupport.trendHistoryTerms,
        minHistoryTerms: this.rules.senSupport.trendMinHistoryTerms,
        significancePercent: this.rules.senSupport.trendSignificancePercent,
        needRisingPercent: this.rules.senSupport.needRisingPercent,
      },
    };
  }

  async alternativeProvision(la: string, on?: string): Promise<AlternativeProvisionReport> {
    const asOf = on ?? this.clock.todayInLondon();
    const row = await this.snapshots.latest(la, 'alternative_provision', asOf);
    const m = row?.measures.alternativeProvision ?? null;
    const ap = this.rules.alternativeProvision;
    return {
      la,
      asOf,
      snapshotOn: row?.snapshotOn ?? null,
      thresholds: { reviewWeeks: ap.reviewWeeks, longWithoutReviewWeeks: ap.longWithoutReviewWeeks, fullTimeHours: ap.fullTimeHours },
      placements: m,
    };
  }
}
