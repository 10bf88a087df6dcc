import { evaluateCases } from '../evaluate';
import { RULES } from '../testing/rules-fixture';
import { diffSchoolReturn, type ReturnRow, type SchoolReturn } from './school-return-diff';

const row = (childRef: string, needCode: ReturnRow['needCode'], lastReviewedOn: string | null = null): ReturnRow => ({
  childRef,
  needCode,
  ncYear: 4,
  startedOn: '2025-09-15',
  lastReviewedOn,
});
const ret = (returnedOn: string, rows: ReturnRow[]): SchoolReturn => ({ la: '805', schoolUrn: '900001', returnedOn, rows });

// Three termly returns of one school: autumn 2025, spring 2026, summer 2026.
const autumn = ret('2025-12-12', [row('C-1', 'SLCN'), row('C-2', 'MLD', '2025-11-20')]);
const spring = ret('2026-03-27', [row('C-1', 'ASD', '2026-02-10'), row('C-2', 'MLD', '2025-11-20'), row('C-3', 'SEMH')]);
const summer = ret('2026-07-17', [row('C-1', 'ASD', '2026-05-20'), row('C-3', 'SEMH')]);

describe('diffSchoolReturn', () => {
  it("starts every pupil on a school's first return, and flags it as the first", () => {
    const d = diffSchoolReturn(null, autumn, RULES);
    expect(d.flag).toBe('first');
    expect(d.counts).toEqual({ started: 2, needChanged: 0, reviewed: 1, ended: 0, restored: 0 });
    expect(d.events.map((e) => [e.type, e.caseRef, e.date])).toEqual([
      ['support_started', 'SS-900001-C-1', '2025-09-15'],
      ['support_started', 'SS-900001-C-2', '2025-09-15'],
      ['support_reviewed', 'SS-900001-C-2', '2025-11-20'],
    ]);
  });

  it('turns the next terms into a need change, a start, reviews and an end "not in return" on the return date', () => {
    const second = diffSchoolReturn(autumn, spring, RULES);
    expect(second.flag).toBeNull();
    expect(second.events.map((e) => [e.type, e.childRef, e.date])).toEqual([
      ['need_changed', 'C-1', '2026-03-27'],
      ['support_reviewed', 'C-1', '2026-02-10'],
      ['support_started', 'C-3', '2025-09-15'],
    ]);
    const third = diffSchoolReturn(spring, summer, RULES);
    expect(third.counts).toEqual({ started: 0, needChanged: 0, reviewed: 1, ended: 1, restored: 0 });
    expect(third.events.find((e) => e.type === 'support_ended')).toMatchObject({
      childRef: 'C-2',
      date: '2026-07-17',
      reason: 'not_in_return',
    });
  });

  it('gives the same events for the same return (ids from content): a re-sent return adds nothing new', () => {
    expect(diffSchoolReturn(autumn, spring, RULES).events).toEqual(diffSchoolReturn(autumn, spring, RULES).events);
    expect(diffSchoolReturn(spring, spring, RULES).events).toEqual([]);
  });

  it('retracts the "not in return" end of a pupil who is back on a later return, once, and the spell goes on', () => {
    const autumn26 = ret('2026-12-11', [row('C-1', 'ASD', '2026-05-20'), row('C-2', 'MLD', '2025-11-20'), row('C-3', 'SEMH')]);
    const ended = new Map([['C-2', '2026-07-17']]);
    const fourth = diffSchoolReturn(summer, autumn26, RULES, ended);
    expect(fourth.counts).toMatchObject({ started: 0, ended: 0, restored: 1 });
    const end = diffSchoolReturn(spring, summer, RULES).events.find((e) => e.type === 'support_ended')!;
    // The retraction, and the review the return states again: the same id as when it was first sent, so the store holds it once.
    const firstReview = diffSchoolReturn(null, autumn, RULES).events.find((e) => e.type === 'support_reviewed')!;
    expect(fourth.events).toEqual([
      expect.objectContaining({ type: 'retract', childRef: 'C-2', retractsEventId: end.eventId }),
      expect.objectContaining({ type: 'support_reviewed', eventId: firstReview.eventId }),
    ]);
    // The same return again gives the same retraction (ids from content).
    expect(diffSchoolReturn(summer, autumn26, RULES, ended).events).toEqual(fourth.events);
    const events = [autumn, spring, summer, autumn26].flatMap(
      (r, i, all) => diffSchoolReturn(i ? all[i - 1] : null, r, RULES, i === 3 ? ended : undefined).events,
    );
    const open = evaluateCases(events, '2026-12-14', RULES).filter((e) => e.status === 'open');
    expect(open.map((e) => e.childRef).sort()).toEqual(['C-1', 'C-2', 'C-3']);
  });

  it('flags a return whose school sent nothing the term before', () => {
    expect(diffSchoolReturn(autumn, summer, RULES).flag).toBe('gap');
  });

  it('evaluates to the pupils on the latest return, with their needs', () => {
    const events = [autumn, spring, summer].flatMap((r, i, all) => diffSchoolReturn(i ? all[i - 1] : null, r, RULES).events);
    const open = evaluateCases(events, '2026-07-20', RULES).filter((e) => e.status === 'open');
    expect(open.map((e) => [e.childRef, e.needCode]).sort()).toEqual([
      ['C-1', 'ASD'],
      ['C-3', 'SEMH'],
    ]);
  });
});
