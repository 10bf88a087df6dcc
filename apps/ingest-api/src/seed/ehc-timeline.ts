// One synthetic EHC needs assessment, drawn from its LA's published rates (DfE SEN2).
import { ADVICE_SERVICES, type AdviceService, type ExceptionReason, type IsoDate, addDays } from '@app/rules';
import type { CaseBuilder } from './case-builder';
import type { LaProfile } from './la-profile';
import type { Prng } from './prng';

/** Chance that each service's advice is returned within 6 weeks; SLT is the usual laggard. */
const ADVICE_ON_TIME: Record<AdviceService, number> = {
  ep: 0.7,
  slt: 0.4,
  ot: 0.6,
  physio: 0.65,
  paediatrics: 0.6,
  health_other: 0.6,
  social_care: 0.65,
  school: 0.85,
  other: 0.7,
};

/** Services asked for advice, by need: SLT almost always for communication needs. */
function adviceServices(rng: Prng, needCode: string): AdviceService[] {
  const communication = needCode === 'SLCN' || needCode === 'ASD';
  const chances: Partial<Record<AdviceService, number>> = {
    ep: 1,
    school: 0.9,
    paediatrics: 0.75,
    social_care: 0.45,
    slt: communication ? 0.9 : 0.3,
    ot: needCode === 'PD' ? 0.8 : 0.15,
    physio: needCode === 'PD' ? 0.7 : 0.05,
    health_other: 0.1,
    other: 0.05,
  };
  return ADVICE_SERVICES.filter((s) => rng.chance(chances[s] ?? 0));
}

const EXCEPTION_WEIGHTS: Record<Exclude<ExceptionReason, 'missed_appointment'>, number> = {
  exceptional_personal_circumstances: 40,
  school_closure: 25,
  absent_from_area: 20,
  early_years_closure: 15,
};

export interface EhcDraw {
  requestOn: IsoDate;
  needCode: string;
  birthDate: IsoDate;
  reassessment: boolean;
}

/** Days from request to final plan: on time, 20 weeks to a year, or over a year. */
function finalPlanDays(rng: Prng, p: LaProfile, exception: boolean): number {
  const onTime = exception ? Math.min(p.within20Weeks, 0.3) : p.within20Weeks;
  if (rng.chance(onTime)) return rng.int(98, 140);
  return rng.chance(p.overYearShareOfLate) ? rng.int(366, 560) : rng.int(141, 364);
}

export function ehcAssessmentEvents(b: CaseBuilder, rng: Prng, p: LaProfile, d: EhcDraw): void {
  const fields: Record<string, unknown> = { needCode: d.needCode, birthDate: d.birthDate };
  if (d.reassessment) fields.reassessment = true;
  if (!b.add('request_received', d.requestOn, fields)) return;

  const decisionLimit = d.reassessment ? 15 : 42;
  const decisionDays = rng.chance(p.decisionsWithin6Weeks) ? rng.int(10, decisionLimit) : rng.int(decisionLimit + 1, decisionLimit + 70);
  const decisionOn = addDays(d.requestOn, decisionDays);
  if (rng.chance(0.02)) {
    b.add('withdrawn', addDays(d.requestOn, rng.int(5, decisionDays)));
    return;
  }
  const refused = !d.reassessment && rng.chance(p.refuseShare);
  if (!b.add('decision_to_assess', decisionOn, { outcome: refused ? 'refuse' : 'assess' }) || refused) return;

  const exception = rng.chance(Math.max(p.exceptionShare, 0.03));
  // A reassessment's plan is due 14 weeks after the decision (reg 27), not 20 from the request.
  const finalOn = d.reassessment
    ? addDays(decisionOn, rng.chance(p.within20Weeks) ? rng.int(40, 98) : rng.int(99, 200))
    : addDays(d.requestOn, Math.max(finalPlanDays(rng, p, exception), decisionDays + 50));
  const services = adviceServices(rng, d.needCode);
  for (const service of services) {
    const askedOn = addDays(decisionOn, rng.int(0, 5));
    if (!b.add('advice_requested', askedOn, { service })) continue;
    if (exception && service === services[0] && rng.chance(0.2)) {
      b.add('exception', addDays(askedOn, rng.int(7, 30)), { reason: 'missed_appointment', service });
    }
    const days = rng.chance(ADVICE_ON_TIME[service]) ? rng.int(14, 42) : rng.int(43, 110);
    b.add('advice_received', addDays(askedOn, days), { service });
  }
  if (exception && !b.last('exception')) {
    const reason = rng.weighted(EXCEPTION_WEIGHTS);
    const from = addDays(decisionOn, rng.int(3, 40));
    const until = reason === 'exceptional_personal_circumstances' && rng.chance(0.5) ? undefined : addDays(from, rng.int(28, 70));
    // A closure counts only with educational advice asked from a week before it (reg 13(3)(a)-(b)).
    const closure = reason === 'school_closure' || reason === 'early_years_closure';
    if (closure) b.add('advice_requested', addDays(from, -3), { service: 'school' });
    b.add('exception', from, until ? { reason, until } : { reason });
  }
  if (rng.chance(0.01)) {
    b.add('transferred_out', addDays(decisionOn, rng.int(20, 60)));
    return;
  }
  const issueDecisionOn = addDays(finalOn, -rng.int(20, 40));
  const notIssue = !d.reassessment && rng.chance(p.notIssueShare);
  if (!b.add('decision_to_issue', issueDecisionOn, { outcome: notIssue ? 'not_issue' : 'issue' }) || notIssue) return;
  if (!b.add('draft_plan_issued', addDays(finalOn, -rng.int(15, 25)))) return;
  if (!b.add('final_plan_issued', finalOn)) return;
  // Now and then the case system corrects a keyed date: a retract and the right event.
  if (rng.chance(0.01)) {
    const wrong = b.last('final_plan_issued')!;
    if (b.add('retract', addDays(finalOn, rng.int(1, 10)), { retractsEventId: wrong.eventId })) {
      b.add('final_plan_issued', addDays(finalOn, -rng.int(1, 5)));
    }
  }
}
