// Every libs/rules measure per LA, pathway and primary need (and 'all'), fed one evaluated case at
// a time in the nightly pass: one streaming pass, memory bounded by the number of groups.
import {
  AdviceTimelinessAccumulator,
  AlternativeProvisionAccumulator,
  AnnualReviewAccumulator,
  addDays,
  addMonths,
  combine,
  DecisionTimelinessAccumulator,
  EhcTimelinessAccumulator,
  OpenAssessmentsAccumulator,
  SenSupportAccumulator,
  SenSupportLinksAccumulator,
  termsUpTo,
  WaitingListAccumulator,
  rulesVersion,
  type Accumulator,
  type CaseEvaluation,
  type Pathway,
  type Period,
  type RulesTable,
} from '@app/rules';
import type { SnapshotMeasures, SnapshotRow } from './snapshot-measures';

/** EHC and review figures are over the 12 months to the snapshot date, as the DfE's annual figures. */
export function trailingYear(asOf: string): Period {
  return { from: addDays(addMonths(asOf, -12), 1), to: asOf };
}

function accumulatorFor(pathway: Pathway, period: Period, rules: RulesTable): Accumulator<SnapshotMeasures> {
  switch (pathway) {
    case 'ehc_assessment':
      return combine({
        ehc: new EhcTimelinessAccumulator(period, rules),
        decisions: new DecisionTimelinessAccumulator(period),
        advice: new AdviceTimelinessAccumulator(period),
        open: new OpenAssessmentsAccumulator(rules),
      });
    case 'annual_review':
      return combine({ reviews: new AnnualReviewAccumulator(period, rules) });
    case 'slt':
    case 'neurodevelopmental':
      return combine({ waitingList: new WaitingListAccumulator(pathway, rules, period) });
    case 'sen_support':
      // The current term and the history the trend test reads (senSupport.trendHistoryTerms).
      return combine({
        senSupport: new SenSupportAccumulator(termsUpTo(period.to, rules.senSupport.trendHistoryTerms + 1, rules), period.to),
      });
    case 'alternative_provision':
      return combine({ alternativeProvision: new AlternativeProvisionAccumulator(period) });
  }
}

export class SnapshotAccumulator {
  private readonly groups = new Map<string, { la: string; pathway: Pathway; needCode: string; acc: Accumulator<SnapshotMeasures> }>();
  private readonly period: Period;
  /** Per LA: SEN support's links to EHC requests and waiting lists, which read every pathway's cases. */
  private readonly links = new Map<string, SenSupportLinksAccumulator>();

  constructor(
    readonly asOf: string,
    private readonly rules: RulesTable,
  ) {
    this.period = trailingYear(asOf);
  }

  add(e: CaseEvaluation): void {
    this.group(e.la, e.pathway, 'all').add(e);
    this.group(e.la, e.pathway, e.needCode ?? 'unknown').add(e);
    let links = this.links.get(e.la);
    if (!links) this.links.set(e.la, (links = new SenSupportLinksAccumulator(this.period)));
    links.add(e);
  }

  /** The rows of one LA (and forgets them: the pass moves LA by LA). */
  takeLa(la: string): SnapshotRow[] {
    const rows: SnapshotRow[] = [];
    for (const [key, g] of this.groups) {
      if (g.la !== la) continue;
      const measures = { ...g.acc.result(), rulesVersion: rulesVersion(this.rules) };
      // The links sit on SEN support's LA-wide row: that is where leaders read them.
      if (g.pathway === 'sen_support' && g.needCode === 'all') measures.senSupportLinks = this.links.get(la)?.result();
      rows.push({ la, snapshotOn: this.asOf, pathway: g.pathway, needCode: g.needCode, measures });
      this.groups.delete(key);
    }
    this.links.delete(la);
    return rows;
  }

  las(): string[] {
    return [...new Set([...this.groups.values()].map((g) => g.la))];
  }

  private group(la: string, pathway: Pathway, needCode: string): Accumulator<SnapshotMeasures> {
    const key = `${la}|${pathway}|${needCode}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { la, pathway, needCode, acc: accumulatorFor(pathway, this.period, this.rules) }));
    return g.acc;
  }
}
