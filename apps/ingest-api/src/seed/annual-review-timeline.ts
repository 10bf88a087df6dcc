// One synthetic active plan and its annual reviews, from its LA's published review figures.
import { type IsoDate, addDays, addMonths, daysBetween } from '@app/rules';
import type { CaseBuilder } from './case-builder';
import type { LaProfile } from './la-profile';
import type { Prng } from './prng';

export interface PlanDraw {
  issuedOn: IsoDate;
  birthDate: IsoDate;
  needCode: string;
  phaseTransfer?: { year: number; kind: 'school' | 'post16' };
}

const ageOn = (birthDate: IsoDate, on: IsoDate) => daysBetween(birthDate, on) / 365.25;

/** Amendment notice and amended plan: within 8 weeks of the notice, or late. */
function amend(b: CaseBuilder, rng: Prng, noticeOn: IsoDate, onTime: number): boolean {
  if (!b.add('amendment_notice_issued', noticeOn)) return false;
  return b.add('amended_plan_issued', addDays(noticeOn, rng.chance(onTime) ? rng.int(20, 56) : rng.int(57, 150)));
}

export function annualReviewEvents(b: CaseBuilder, rng: Prng, p: LaProfile, d: PlanDraw): void {
  const fields: Record<string, unknown> = { planIssuedOn: d.issuedOn, birthDate: d.birthDate, needCode: d.needCode };
  if (d.phaseTransfer) fields.phaseTransfer = d.phaseTransfer;
  if (!b.add('plan_active', d.issuedOn, fields)) return;

  let cycleStart = d.issuedOn;
  for (;;) {
    // Under-fives are reviewed every 6 months (Code of Practice 9.178), others yearly.
    const due = addMonths(cycleStart, ageOn(d.birthDate, cycleStart) < 5 ? 6 : 12);
    const meetingOn = rng.chance(Math.min(p.reviewMeetingHeld, 0.97) * 0.85)
      ? addDays(due, -rng.int(0, 35))
      : addDays(due, rng.int(1, 120));
    if (!b.add('review_meeting_held', meetingOn)) break;
    b.add('review_report_received', addDays(meetingOn, rng.chance(0.75) ? rng.int(3, 14) : rng.int(15, 45)));
    const decisionOn = addDays(meetingOn, rng.chance(p.reviewDecisionsWithin4Weeks) ? rng.int(7, 28) : rng.int(29, 90));
    const outcome = rng.chance(p.ceaseShare) ? 'cease' : rng.chance(p.amendShare) ? 'amend' : 'maintain';
    if (!b.add('review_decision', decisionOn, { outcome })) break;
    if (outcome === 'cease') {
      b.add('plan_ceased', addDays(decisionOn, rng.int(14, 40)));
      return;
    }
    if (outcome === 'amend') amend(b, rng, addDays(decisionOn, rng.int(0, 7)), 0.55);
    cycleStart = meetingOn;
  }

  // Phase transfer: the plan must be amended to name the new setting before 15 Feb / 31 Mar (reg 18(1)).
  if (d.phaseTransfer) {
    const deadline = `${d.phaseTransfer.year}-${d.phaseTransfer.kind === 'school' ? '02-15' : '03-31'}`;
    const planOn = rng.chance(0.6) ? addDays(deadline, -rng.int(1, 60)) : addDays(deadline, rng.int(0, 90));
    if (planOn > d.issuedOn) amend(b, rng, addDays(planOn, -rng.int(20, 50)), 1);
  }
}
