// The label for an exception set aside follows the rules library's own wording: evaluated here, not
// copied, so a change of words in the library shows up as a failure instead of a record's words on a page.
import { evaluateSteps } from '@app/rules/testing';
import { ignoredExceptionWhy } from './labels';

describe('ignoredExceptionWhy', () => {
  it('says what a too-short closure, a too-short absence and an end before the start mean for the limit', () => {
    const r = evaluateSteps(
      'ehc_assessment',
      [
        ['request_received', '2026-01-05'],
        ['decision_to_assess', '2026-02-10', { outcome: 'assess' }],
        ['advice_requested', '2026-03-25', { service: 'school' }],
        ['exception', '2026-03-30', { reason: 'school_closure', until: '2026-04-26' }],
        ['exception', '2026-03-01', { reason: 'absent_from_area', until: '2026-03-28' }],
        ['exception', '2026-03-10', { reason: 'exceptional_personal_circumstances', until: '2026-03-09' }],
        ['final_plan_issued', '2026-06-01'],
      ],
      '2026-06-02',
      { caseRef: 'X-1' },
    );
    const said = r.ignoredExceptions.map((x) => [x.reason, ignoredExceptionWhy(x.why)]);
    expect(said).toEqual(
      expect.arrayContaining([
        ['school_closure', 'The closure lasts less than 4 weeks, so the time limit still applies.'],
        ['absent_from_area', 'The time away from the area is less than 4 weeks, so the time limit still applies.'],
        ['exceptional_personal_circumstances', 'Its end date is before the date it starts, so it cannot apply.'],
      ]),
    );
  });
});
