// Test-only fast-check generators of plausible (and some implausible) case timelines.
import fc from 'fast-check';
import {
  ADVICE_SERVICES,
  AP_COMMISSIONERS,
  AP_PLACEMENT_REASONS,
  ASSESS_OUTCOMES,
  EXCEPTION_REASONS,
  ISSUE_OUTCOMES,
  NEED_CODES,
  PATHWAYS,
  REVIEW_OUTCOMES,
  SUPPORT_END_REASONS,
  type CaseEvent,
  type IsoDate,
  type Pathway,
} from '../contract';
import { fromDay, toDay } from '../dates';

type Draft = { type: string; offset: number; fields: Record<string, unknown> };

const BASE = toDay('2024-01-01');
const offset = fc.integer({ min: 0, max: 900 });
const dateAt = (o: number): IsoDate => fromDay(BASE + o);
const ev = (type: string, fields: fc.Arbitrary<Record<string, unknown>> = fc.constant({})) =>
  fc.record({ type: fc.constant(type), offset, fields });

const ehcDrafts = fc.oneof(
  ev('request_received', fc.record({ needCode: fc.constantFrom(...NEED_CODES), reassessment: fc.boolean() }, { requiredKeys: [] })),
  ev('decision_to_assess', fc.record({ outcome: fc.constantFrom(...ASSESS_OUTCOMES) })),
  ev('advice_requested', fc.record({ service: fc.constantFrom(...ADVICE_SERVICES) })),
  // Educational advice (service school) more often: it is what makes a closure an exception (reg 13(3)(a)).
  ev('advice_requested', fc.constant({ service: 'school' })),
  ev('advice_received', fc.record({ service: fc.constantFrom(...ADVICE_SERVICES) })),
  ev(
    'exception',
    fc.record(
      { reason: fc.constantFrom(...EXCEPTION_REASONS), until: offset.map(dateAt), service: fc.constantFrom(...ADVICE_SERVICES) },
      { requiredKeys: ['reason'] },
    ),
  ),
  ev('decision_to_issue', fc.record({ outcome: fc.constantFrom(...ISSUE_OUTCOMES) })),
  ev('draft_plan_issued'),
  ev('final_plan_issued'),
  ev('withdrawn'),
  ev('transferred_out'),
);

/**
 * EHC events near the request (days after it), so that exceptions meet the steps they may lift:
 * closures with educational advice asked around them, missed appointments of a service whose advice
 * is running, absences of about 4 weeks. `until` is the exception's own date plus `len`.
 */
const nearEhc = fc.record({
  type: fc.constantFrom(
    'advice_requested',
    'advice_requested',
    'advice_received',
    'exception',
    'exception',
    'decision_to_assess',
    'final_plan_issued',
  ),
  rel: fc.integer({ min: 0, max: 180 }),
  len: fc.integer({ min: 20, max: 60 }),
  service: fc.constantFrom('school', 'school', 'ep', 'slt'),
  reason: fc.constantFrom(...EXCEPTION_REASONS),
  until: fc.boolean(),
});
type Near = typeof nearEhc extends fc.Arbitrary<infer T> ? T : never;

function nearDraft(start: number, n: Near): Draft {
  const offset = start + n.rel;
  if (n.type === 'exception') {
    const fields: Record<string, unknown> = { reason: n.reason };
    if (n.until) fields.until = dateAt(offset + n.len);
    if (n.reason === 'missed_appointment' || n.service !== 'school') fields.service = n.service;
    return { type: n.type, offset, fields };
  }
  if (n.type === 'decision_to_assess') return { type: n.type, offset, fields: { outcome: 'assess' } };
  if (n.type === 'final_plan_issued') return { type: n.type, offset, fields: {} };
  return { type: n.type, offset, fields: { service: n.service } };
}

const reviewDrafts = fc.oneof(
  ev(
    'plan_active',
    fc.record(
      {
        planIssuedOn: offset.map(dateAt),
        phaseTransfer: fc.oneof(
          fc.record({ year: fc.integer({ min: 2024, max: 2027 }), kind: fc.constantFrom('school', 'post16') }),
          // reg 18(2): a move between post-16 institutions on a stated day (days to 28: no month-end clamping).
          fc
            .tuple(fc.integer({ min: 2024, max: 2027 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }))
            .map(([year, month, day]) => ({
              year,
              kind: 'post16_move' as const,
              on: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
            })),
        ),
        birthDate: fc.integer({ min: -2500, max: 0 }).map(dateAt),
      },
      { requiredKeys: ['planIssuedOn'] },
    ),
  ),
  ev('review_meeting_held'),
  ev('review_report_received'),
  ev('review_decision', fc.record({ outcome: fc.constantFrom(...REVIEW_OUTCOMES) })),
  ev('amendment_notice_issued'),
  ev('amended_plan_issued'),
  ev('plan_ceased'),
);

const waitDrafts = (pathway: 'slt' | 'neurodevelopmental') =>
  fc.oneof(
    ev('referral_received', fc.record({ needCode: fc.constantFrom(...NEED_CODES) }, { requiredKeys: [] })),
    ev('appointment_dna'),
    ev(pathway === 'slt' ? 'first_contact' : 'assessment_started'),
    ev('discharged'),
    ev('referral_closed', fc.record({ reason: fc.constant('other') })),
  );

const START: Record<Pathway, string> = {
  ehc_assessment: 'request_received',
  annual_review: 'plan_active',
  slt: 'referral_received',
  neurodevelopmental: 'referral_received',
  sen_support: 'support_started',
  alternative_provision: 'placement_started',
};

const supportStart = fc.record({ schoolUrn: fc.constantFrom('100001', '100002'), needCode: fc.constantFrom(...NEED_CODES) });
const placementStart = fc.record({
  providerUrn: fc.constantFrom('140001', '140002'),
  hoursPerWeek: fc.integer({ min: 5, max: 30 }),
  reason: fc.constantFrom(...AP_PLACEMENT_REASONS),
  commissionedBy: fc.constantFrom(...AP_COMMISSIONERS),
});

const supportDrafts = fc.oneof(
  ev('support_started', supportStart),
  ev('support_reviewed'),
  ev('need_changed', fc.record({ needCode: fc.constantFrom(...NEED_CODES) })),
  ev('support_ended', fc.record({ reason: fc.constantFrom(...SUPPORT_END_REASONS) })),
);

const placementDrafts = fc.oneof(
  ev('placement_started', placementStart),
  ev('placement_reviewed'),
  ev('placement_ended', fc.record({ reason: fc.constant('returned_to_school') })),
);

function draftsFor(p: Pathway) {
  switch (p) {
    case 'ehc_assessment':
      return ehcDrafts;
    case 'annual_review':
      return reviewDrafts;
    case 'slt':
    case 'neurodevelopmental':
      return waitDrafts(p);
    case 'sen_support':
      return supportDrafts;
    case 'alternative_provision':
      return placementDrafts;
  }
}

/** The clock-start event's own fields (a plan's issue date, a school, a placement's terms). */
function startFields(pathway: Pathway, o: number): fc.Arbitrary<Record<string, unknown>> {
  if (pathway === 'annual_review') return fc.constant({ planIssuedOn: dateAt(o) });
  if (pathway === 'sen_support') return supportStart;
  if (pathway === 'alternative_provision') return placementStart;
  return fc.constant({});
}

export interface ArbitraryCase {
  pathway: Pathway;
  caseRef: string;
  events: CaseEvent[];
}

/** A case: its clock-start event, up to 14 more, and sometimes retractions of its own events. */
export function caseArbitrary(caseRef = 'P-1', pathways: readonly Pathway[] = PATHWAYS) {
  return fc.constantFrom(...pathways).chain((pathway) =>
    fc
      .tuple(
        offset.chain((o) => startFields(pathway, o).map((fields) => ({ type: START[pathway], offset: o, fields }))),
        fc.array(draftsFor(pathway), { maxLength: 14 }),
        fc.array(fc.tuple(fc.nat(), offset), { maxLength: 3 }),
        pathway === 'ehc_assessment' ? fc.array(nearEhc, { maxLength: 8 }) : fc.constant([] as Near[]),
      )
      .map(([start, rest, retracts, near]): ArbitraryCase => {
        const drafts: Draft[] = [start, ...rest, ...near.map((n) => nearDraft(start.offset, n))];
        const events = drafts.map((d, i) => toEvent(pathway, caseRef, i + 1, d));
        retracts.forEach(([pick, o], j) => {
          const target = events[pick % events.length].eventId;
          events.push(
            toEvent(pathway, caseRef, drafts.length + j + 1, { type: 'retract', offset: o, fields: { retractsEventId: target } }),
          );
        });
        return { pathway, caseRef, events };
      }),
  );
}

export function toEvent(pathway: Pathway, caseRef: string, n: number, d: Draft): CaseEvent {
  return {
    eventId: `${caseRef}-E${String(n).padStart(2, '0')}`,
    la: '805',
    caseRef,
    childRef: `C-${caseRef}`,
    pathway,
    type: d.type,
    date: dateAt(d.offset),
    ...d.fields,
  } as CaseEvent;
}

/** An as-of date in the generated range. */
export const asOfArbitrary = offset.map(dateAt);
