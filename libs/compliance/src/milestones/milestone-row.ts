// A stored milestone (case_milestones) and what else MilestonesRepository reads, as plain data.
import type { EhcStage, IsoDate } from '@app/rules';

export interface MilestoneRow {
  la: string;
  caseRef: string;
  milestoneKey: string;
  pathway: string;
  kind: string;
  service: string | null;
  cycle: number | null;
  clockFrom: string;
  dueOn: string;
  doneOn: string | null;
  state: 'met' | 'missed' | 'pending' | 'overdue' | 'exempt';
  exceptionReason: string | null;
  assigneeRef: string | null;
}

/** Cases behind one breach count: overdue milestones of one kind (and service, for advice). */
export interface BreachList {
  pathway: string;
  kind: string;
  service: string | null;
  caseRefs: string[];
}

/** An open case's longest-overdue step, for the leaders' list of the longest overdue. */
export interface OverdueStep {
  caseRef: string;
  pathway: string;
  kind: string;
  service: string | null;
  cycle: number | null;
  dueOn: string;
  /** The step's assignee, else the case's. */
  ownerRef: string | null;
}

/** A case stored as following the breach forecast (case_evaluations' forecast columns, its request day). */
export interface FollowedCase {
  caseRef: string;
  stage: EhcStage;
  requestOn: IsoDate;
  dueOn: IsoDate;
  atRisk: boolean;
}
