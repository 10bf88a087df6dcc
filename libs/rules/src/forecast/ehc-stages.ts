// Where an EHC needs assessment stands, read from its milestones: the stages it passed through and
// the day it entered each. New assessments only (the DfE 20-week figure counts new plans; a
// reassessment's clock runs 14 weeks from its decision, reg 27(2)).
//   awaiting_decision  from the request until the decision whether to assess (reg 5(1))
//   gathering_advice   from the decision until every piece of advice asked for is in (reg 8(1))
//   drafting           from the last advice until the draft plan
//   draft_issued       from the draft until the final plan (reg 13(1)-(2))
// A case may skip a stage (feeds without drafts): it then stays in the one before until it ends.
import type { IsoDate } from '../contract';
import type { CaseEvaluation, Milestone } from '../evaluate';

export const EHC_STAGES = ['awaiting_decision', 'gathering_advice', 'drafting', 'draft_issued'] as const;
export type EhcStage = (typeof EHC_STAGES)[number];

export interface StageEntry {
  stage: EhcStage;
  on: IsoDate;
}

const doneOf = (ms: Milestone[], kind: Milestone['kind']): IsoDate | null => ms.find((m) => m.kind === kind)?.doneOn ?? null;
const later = (a: IsoDate, b: IsoDate): IsoDate => (a > b ? a : b);

/** A new EHC assessment that has started: the ones the forecasts read. */
export const isForecastable = (e: CaseEvaluation): boolean =>
  e.pathway === 'ehc_assessment' && !e.reassessment && e.startedOn !== null && e.status !== 'not_started';

/** The stages the case entered, in order, as of its evaluation day; none ends after the case did. */
export function stagePath(e: CaseEvaluation): StageEntry[] {
  if (!isForecastable(e)) return [];
  const path: StageEntry[] = [{ stage: 'awaiting_decision', on: e.startedOn! }];
  const ms = e.milestones;
  const decided = doneOf(ms, 'decision_to_assess');
  if (decided !== null && e.outcome !== 'refused') {
    path.push({ stage: 'gathering_advice', on: later(e.startedOn!, decided) });
    const advice = ms.filter((m) => m.kind === 'advice');
    if (advice.length > 0 && advice.every((m) => m.doneOn !== null)) {
      const last = advice.reduce((a, m) => later(a, m.doneOn!), decided);
      path.push({ stage: 'drafting', on: later(path[path.length - 1].on, last) });
    }
    const draft = doneOf(ms, 'draft_plan');
    if (draft !== null) path.push({ stage: 'draft_issued', on: later(path[path.length - 1].on, draft) });
  }
  // A stage entered on the day the case ended was never waited in.
  return e.closedOn === null ? path : path.filter((s, i) => i === 0 || s.on < e.closedOn!);
}
