// What a nightly snapshot holds for one LA, pathway and primary need (or 'all').
import type {
  AdviceTimeliness,
  AlternativeProvisionMeasures,
  AnnualReviewMeasures,
  EhcTimeliness,
  IncludingExcluding,
  MeasureBundle,
  OpenAssessments,
  Pathway,
  SenSupportLinks,
  SenSupportMeasures,
  WaitingList,
} from '@app/rules';

/** The libs/rules measures, as stored: EHC and review figures over the 12 months to the date. */
export interface SnapshotMeasures extends MeasureBundle {
  ehc?: EhcTimeliness;
  decisions?: IncludingExcluding;
  advice?: AdviceTimeliness;
  open?: OpenAssessments;
  reviews?: AnnualReviewMeasures;
  waitingList?: WaitingList;
  senSupport?: SenSupportMeasures;
  /** On the sen_support 'all' row only: EHC requests preceded by SEN support, overlap with waiting lists. */
  senSupportLinks?: SenSupportLinks;
  alternativeProvision?: AlternativeProvisionMeasures;
  /** The rules the row was computed with (rulesVersion); rows stored before it was kept lack it. */
  rulesVersion?: string;
}

export interface SnapshotRow {
  la: string;
  snapshotOn: string;
  pathway: Pathway;
  /** A SEN2 primary need code, 'unknown', or 'all'. */
  needCode: string;
  measures: SnapshotMeasures;
}
