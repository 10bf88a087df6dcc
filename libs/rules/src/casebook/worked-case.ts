// A worked case: a timeline written as compact steps, and what the law says about it.
import type { CaseEvent, IsoDate, Pathway } from '../contract';
import type {
  AlertKind,
  CaseOutcome,
  LocalReminderState,
  Milestone,
  MilestoneState,
  PathwayStatus,
  PlacementSummary,
  SenSupportSummary,
  WaitSummary,
} from '../evaluate';

/** [event type, date, fields]; a retract names the step it withdraws as `{ retracts: n }` (1-based). */
export type Step = [type: string, date: IsoDate, fields?: Record<string, unknown>];

/** [key, dueOn, doneOn, state, exceptionReason when exempt] */
export type ExpectedMilestone = [
  key: string,
  dueOn: IsoDate,
  doneOn: IsoDate | null,
  state: MilestoneState,
  reason?: Milestone['exceptionReason'],
];

/** [key, dueOn, doneOn, state] of a local-policy reminder (never a milestone). */
export type ExpectedReminder = [key: string, dueOn: IsoDate, doneOn: IsoDate | null, state: LocalReminderState];

export interface WorkedCase {
  name: string;
  pathway: Pathway;
  asOf: IsoDate;
  steps: Step[];
  status: PathwayStatus;
  outcome?: CaseOutcome | null;
  milestones: ExpectedMilestone[];
  wait?: Partial<WaitSummary>;
  senSupport?: Partial<SenSupportSummary>;
  placement?: Partial<PlacementSummary>;
  /** The kinds of alert the case raises as of asOf, in milestone order (unchecked when absent). */
  alerts?: AlertKind[];
  ignoredExceptions?: number;
  /** Local-policy reminders; none when absent. */
  reminders?: ExpectedReminder[];
  /** Keys of the milestones a procedural concern names (none when absent). */
  concerns?: string[];
  /** The regulation or guidance the case checks, e.g. 'SEND Regulations 2014 reg 13(1)(a)'. */
  cites?: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The case's events with ids `<caseRef>-E01...` in step order. */
export function eventsOf(c: WorkedCase, caseRef: string): CaseEvent[] {
  const idOf = (step: number) => `${caseRef}-E${pad(step)}`;
  return c.steps.map(([type, date, fields = {}], i) => {
    const { retracts, ...rest } = fields as { retracts?: number };
    const extra = retracts === undefined ? rest : { ...rest, retractsEventId: idOf(retracts) };
    return { eventId: idOf(i + 1), la: '805', caseRef, childRef: `C-${caseRef}`, pathway: c.pathway, type, date, ...extra } as CaseEvent;
  });
}
