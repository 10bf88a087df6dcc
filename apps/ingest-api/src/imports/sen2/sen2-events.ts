// One SEN2 Person as contract events: each request becomes an EHC assessment case (received,
// decision to assess, decision to issue, final plan, or withdrawn), and an active plan an annual
// review case (plan active, its last review meeting and decision). References and event ids are
// keyed hashes of what identifies the record, so a later file re-states the same events and
// adds only what is new. What the file does not hold (advice, drafts) is simply not there.
import { isIsoDate } from '@app/rules';
import { contentEventId, caseRefOf } from './child-ref';
import { ASSESSMENT_OUTCOMES, flag, REQUEST_OUTCOMES, REVIEW_OUTCOMES, SEN2_NEED_TYPES } from './sen2-codes';
import type { Sen2Person, Sen2Request } from './sen2-person';

/** A problem in the file, named by position (person 3, request 1), never by who the person is. */
export interface Sen2Finding {
  person: number;
  request?: number;
  assessment?: number;
  line: number;
  field: string;
  reason: string;
}

/** Where a finding is, by position: "person 3, request 1, assessment 1". */
/**
 * What each return restates whole for a request it lists: the request's own dates and its plan's
 * start. A later return that no longer states one of them (a corrected date) retracts it. Reviews
 * are not restated (a return holds only the last), so an earlier return's review stays.
 */
export const RESTATED_TYPES = [
  'request_received',
  'decision_to_assess',
  'decision_to_issue',
  'withdrawn',
  'final_plan_issued',
  'plan_active',
] as const;

/** The prefix of every SEN2 import's event ids (contentEventId), retractions included. */
export const SEN2_EVENT_PREFIX = 'imp-';

export const findingPlace = (f: Pick<Sen2Finding, 'person' | 'request' | 'assessment'>): string =>
  [`person ${f.person}`, f.request && `request ${f.request}`, f.assessment && `assessment ${f.assessment}`].filter(Boolean).join(', ');

export interface Sen2Events {
  events: Record<string, unknown>[];
  findings: Sen2Finding[];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function primaryNeed(r: Sen2Request): string | undefined {
  const needs = r.activePlans?.needs ?? [];
  const first = needs.find((n) => n.rank === '1') ?? needs[0];
  return first && (SEN2_NEED_TYPES as readonly string[]).includes(first.type) ? first.type : undefined;
}

export function personEvents(p: Sen2Person, la: string, secret: string): Sen2Events {
  const events: Record<string, unknown>[] = [];
  const findings: Sen2Finding[] = [];
  if (!p.identity || !p.childRef) {
    findings.push({
      person: p.number,
      line: p.line,
      field: 'UPN',
      reason:
        'the person has no UPN, no unique learner number, and not all of surname, forename and date of birth, ' +
        'so no child reference can be made',
    });
    return { events, findings };
  }
  const identity = p.identity;
  const childRef = p.childRef;

  for (const r of p.requests) {
    const at = { person: p.number, request: r.number, line: r.line };
    const note = (field: string, reason: string, assessment?: number) => findings.push({ ...at, assessment, field, reason });
    const date = (field: string, value: string | undefined, assessment?: number): string | undefined => {
      if (value === undefined) return undefined;
      if (!ISO_DATE.test(value)) {
        note(field, `${field} ${JSON.stringify(value)} is not a date (YYYY-MM-DD)`, assessment);
        return undefined;
      }
      if (!isIsoDate(value)) {
        note(field, `${field} ${value} is a date that does not exist`, assessment);
        return undefined;
      }
      return value;
    };
    const received = date('ReceivedDate', r.receivedDate);
    if (!received) {
      if (r.receivedDate === undefined) note('ReceivedDate', 'the request has no ReceivedDate');
      continue;
    }
    const caseRef = caseRefOf(secret, 'S2', identity, received);
    const add = (pathway: string, ref: string, type: string, on: string, fields: Record<string, unknown> = {}) =>
      events.push({
        eventId: contentEventId(secret, [la, ref, pathway, type, on, ...Object.values(fields).map(String)]),
        la,
        caseRef: ref,
        childRef,
        pathway,
        type,
        date: on,
        ...fields,
      });
    const ehc = (type: string, on: string, fields: Record<string, unknown> = {}) => add('ehc_assessment', caseRef, type, on, fields);

    for (const n of r.activePlans?.needs ?? []) {
      if (!(SEN2_NEED_TYPES as readonly string[]).includes(n.type))
        note('SENtype', `SENtype ${JSON.stringify(n.type)} is not one of ${SEN2_NEED_TYPES.join(', ')}`);
    }
    for (const a of r.assessments) {
      if (a.week20 !== undefined && flag(a.week20) === undefined)
        note('Week20', `Week20 ${JSON.stringify(a.week20)} is not 1 (an exception applies) or 0`, a.number);
    }
    const need = primaryNeed(r);
    ehc('request_received', received, need ? { needCode: need } : {});

    if (r.outcome !== undefined) {
      const code = REQUEST_OUTCOMES[r.outcome];
      const on = date('RequestOutcomeDate', r.outcomeDate);
      if (!code)
        note('RequestOutcome', `RequestOutcome ${JSON.stringify(r.outcome)} is not one of ${Object.keys(REQUEST_OUTCOMES).join(', ')}`);
      else if (!code.pending && !on) note('RequestOutcomeDate', `RequestOutcome ${r.outcome} (${code.words}) has no RequestOutcomeDate`);
      else if (on && code.assess) ehc('decision_to_assess', on, { outcome: code.assess });
      else if (on && code.withdrawn) ehc('withdrawn', on);
    }

    for (const a of r.assessments) {
      const on = date('AssessmentOutcomeDate', a.outcomeDate, a.number);
      if (a.outcome !== undefined) {
        const code = ASSESSMENT_OUTCOMES[a.outcome];
        if (!code) {
          note(
            'AssessmentOutcome',
            `AssessmentOutcome ${JSON.stringify(a.outcome)} is not one of ${Object.keys(ASSESSMENT_OUTCOMES).join(', ')}`,
            a.number,
          );
        } else if (!code.pending && !on) {
          note('AssessmentOutcomeDate', `AssessmentOutcome ${a.outcome} (${code.words}) has no AssessmentOutcomeDate`, a.number);
        } else if (on && code.issue) ehc('decision_to_issue', on, { outcome: code.issue });
        else if (on && code.withdrawn) ehc('withdrawn', on);
      }
      const start = date('StartDate', a.namedPlan?.startDate, a.number);
      if (start) {
        if (start < received) note('StartDate', `the plan starts (${start}) before the request was received (${received})`, a.number);
        // Week20: the LA reports an exception to the 20-week limit; kept as its report (docs/rules.md).
        else ehc('final_plan_issued', start, flag(a.week20) === true ? { exceptionReported: true } : {});
      }
    }

    const active = r.activePlans;
    const planStart = r.assessments.map((a) => a.namedPlan?.startDate).find((d) => d !== undefined && ISO_DATE.test(d));
    if (active && planStart) {
      // The plan's case is its request's (ActivePlans sits in the Request): a later return that
      // corrects the StartDate corrects this case's plan_active instead of opening another case.
      const planRef = caseRefOf(secret, 'S2P', identity, received);
      const review = (type: string, on: string, fields: Record<string, unknown> = {}) => add('annual_review', planRef, type, on, fields);
      review('plan_active', planStart, { planIssuedOn: planStart, ...(need ? { needCode: need } : {}) });
      const meeting = date('ReviewMeeting', active.reviewMeeting);
      if (meeting) review('review_meeting_held', meeting);
      const decided = date('LastReview', active.lastReview);
      if (decided && active.reviewOutcome !== undefined) {
        const outcome = REVIEW_OUTCOMES[active.reviewOutcome];
        if (!outcome)
          note(
            'ReviewOutcome',
            `ReviewOutcome ${JSON.stringify(active.reviewOutcome)} is not one of ${Object.keys(REVIEW_OUTCOMES).join(', ')}`,
          );
        else review('review_decision', decided, { outcome: outcome.outcome });
      }
    } else if (active && !r.assessments.some((a) => a.namedPlan?.startDate !== undefined)) {
      // (A StartDate that is not a date was reported above.)
      note('ActivePlans', 'the request has an active plan but no named plan with a StartDate');
    }
  }
  return { events, findings };
}
