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
