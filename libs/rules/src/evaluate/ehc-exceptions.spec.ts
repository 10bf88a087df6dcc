// "Recorded but not applicable": each way an exception can fail to apply says why in plain words.
import type { Step } from '../casebook/worked-case';
import { evaluateSteps } from '../testing/evaluate-steps';
import { EXCEPTION_COVERS } from './ehc-exceptions';

const req: Step = ['request_received', '2026-01-05'];
const assess: Step = ['decision_to_assess', '2026-02-10', { outcome: 'assess' }];
const final: Step = ['final_plan_issued', '2026-06-01'];
const whyOf = (steps: Step[], asOf = '2026-06-02') => {
  const r = evaluateSteps('ehc_assessment', steps, asOf, { caseRef: 'X-1' });
  return r.ignoredExceptions.map((x) => [x.eventId, x.reason, x.date, x.why]);
};

describe('exceptions recorded but not applicable', () => {
  it('a closure with no educational advice asked in its window names the window', () => {
    const steps: Step[] = [req, assess, ['exception', '2026-03-30', { reason: 'school_closure', until: '2026-05-04' }], final];
    expect(whyOf(steps)).toEqual([
      [
        'X-1-E03',
        'school_closure',
        '2026-03-30',
        expect.stringMatching(/^no educational advice .*service school.* between 2026-03-23 and 2026-04-27/) as unknown,
      ],
    ]);
  });

  it('a closure still running (no until) gives the window from a week before it on', () => {
    const steps: Step[] = [req, assess, ['exception', '2026-03-30', { reason: 'early_years_closure' }], final];
    expect(whyOf(steps)[0][3]).toContain('from 2026-03-23 on');
  });

  it('a closure under 4 weeks, an absence under 4 weeks and an until before the date', () => {
    const steps: Step[] = [
      req,
      assess,
      ['exception', '2026-03-30', { reason: 'school_closure', until: '2026-04-26' }],
      ['exception', '2026-03-01', { reason: 'absent_from_area', until: '2026-03-28' }],
      ['exception', '2026-03-10', { reason: 'exceptional_personal_circumstances', until: '2026-03-09' }],
      final,
    ];
    expect(whyOf(steps).map((x) => x[3])).toEqual([
      'the absence is shorter than 4 weeks',
      'until is before the exception date',
      'the closure is shorter than 4 weeks',
    ]);
  });

  it('a missed appointment naming no service, or none of whose advice was running', () => {
    const asked: Step = ['advice_requested', '2026-02-12', { service: 'ep' }];
    expect(whyOf([req, assess, asked, ['exception', '2026-03-05', { reason: 'missed_appointment' }]], '2026-03-10')[0][3]).toMatch(
      /^it names no service/,
    );
    expect(
      whyOf([req, assess, asked, ['exception', '2026-03-05', { reason: 'missed_appointment', service: 'slt' }]], '2026-03-10'),
    ).toEqual([['X-1-E04', 'missed_appointment', '2026-03-05', 'no slt advice was running on the day of the missed appointment']]);
  });

  it('an absence of 4 weeks with no 4 of them within a step, and circumstances after every step', () => {
    expect(whyOf([req, assess, ['exception', '2026-04-28', { reason: 'absent_from_area', until: '2026-05-26' }], final])[0][3]).toBe(
      '4 continuous weeks of the absence do not fall within the period of any step it can lift',
    );
    expect(whyOf([req, assess, ['exception', '2026-05-30', { reason: 'exceptional_personal_circumstances' }], final])[0][3]).toMatch(
      /^no step it can lift was running/,
    );
  });

  it('a valid exception is not listed, and the list keeps the order of the events', () => {
    const steps: Step[] = [
      req,
      ['exception', '2026-01-20', { reason: 'exceptional_personal_circumstances', until: '2026-02-01' }],
      ['exception', '2026-03-30', { reason: 'school_closure', until: '2026-05-04' }],
      ['exception', '2026-03-05', { reason: 'missed_appointment' }],
      assess,
      final,
    ];
    expect(whyOf(steps).map((x) => x[0])).toEqual(['X-1-E04', 'X-1-E03']);
  });

  it("closures never cover advice; only reg 8(2)'s three do", () => {
    const advice = Object.entries(EXCEPTION_COVERS)
      .filter(([, kinds]) => kinds.includes('advice'))
      .map(([reason]) => reason);
    expect(advice.sort()).toEqual(['absent_from_area', 'exceptional_personal_circumstances', 'missed_appointment']);
  });
});
