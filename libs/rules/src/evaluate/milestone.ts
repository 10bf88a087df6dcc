// One milestone from its clock, due day and completion, with the state definitions in one place.
import type { AdviceService, IsoDate } from '../contract';
import { fromDay, toDay } from '../dates/iso-date';
import type { RulePath } from '../table';
import type { Milestone, MilestoneKind, MilestoneState } from './evaluation.types';

export interface Exemption {
  reason: Milestone['exceptionReason'] & string;
  eventId: string;
}

export interface MilestoneSpec {
  key: string;
  kind: MilestoneKind;
  rule: RulePath;
  clockFrom: number;
  due: number;
  done: IsoDate | null;
  service?: AdviceService;
  cycle?: number;
  /** false for an internal target (evaluation.types.ts, Milestone.statutory); statutory when absent. */
  statutory?: boolean;
}

/** A step is on time when done on or before its due day (docs/rules.md, "Milestone states"). */
export function stateOf(due: number, done: number | null, asOf: number, exempt: boolean): MilestoneState {
  if (exempt) return 'exempt';
  if (done !== null) return done <= due ? 'met' : 'missed';
  return asOf <= due ? 'pending' : 'overdue';
}

export function buildMilestone(spec: MilestoneSpec, asOf: number, exemption?: Exemption): Milestone {
  // One object shape for every milestone (absent fields are undefined, dropped by JSON) keeps V8 fast.
  return {
    key: spec.key,
    kind: spec.kind,
    clockFrom: fromDay(spec.clockFrom),
    dueOn: fromDay(spec.due),
    doneOn: spec.done,
    state: stateOf(spec.due, spec.done === null ? null : toDay(spec.done), asOf, exemption !== undefined),
    rule: spec.rule,
    service: spec.service,
    cycle: spec.cycle,
    exceptionReason: exemption?.reason,
    exceptionEventId: exemption?.eventId,
    statutory: spec.statutory ?? true,
  };
}
