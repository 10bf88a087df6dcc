import type { MilestoneInsert } from './case-outcome';
import { milestoneLines } from './pass-rows';

const step = (caseRef: string, key: string, exception: string | null = null): MilestoneInsert => ({
  case_ref: caseRef,
  milestone_key: key,
  pathway: 'ehc_assessment',
  kind: key.split('.')[0],
  service: key.startsWith('advice.') ? key.split('.')[1] : null,
  cycle: null,
  clock_from: '2026-01-05',
  due_on: '2026-05-25',
  done_on: null,
  state: 'pending',
  exception_reason: exception,
  assignee_ref: 'SW-1',
  caseworker_ref: 'SW-1',
});

const text = (data: Buffer[]) => Buffer.concat(data).toString('utf8');
const keysOf = (data: Buffer[]) =>
  text(data)
    .trimEnd()
    .split('\n')
    .map((line) => line.split('\t').slice(0, 2).join(' '));

describe('milestoneLines', () => {
  it("writes each case's steps in the primary key's order, not the rules' order, leaving the list as it was", () => {
    // The order the rules list an assessment's steps in; byte order puts 'advice.*' first.
    const first = ['decision_to_assess', 'advice.slt', 'advice.ep', 'draft_plan', 'final_plan'].map((k) => step('C-1', k));
    const second = ['review_meeting.2', 'review_decision.1', 'review_meeting.1'].map((k) => step('C-2', k));
    const before = first.map((m) => m.milestone_key);
    expect(keysOf(milestoneLines([first, second]))).toEqual([
      'C-1 advice.ep',
      'C-1 advice.slt',
      'C-1 decision_to_assess',
      'C-1 draft_plan',
      'C-1 final_plan',
      'C-2 review_decision.1',
      'C-2 review_meeting.1',
      'C-2 review_meeting.2',
    ]);
    expect(first.map((m) => m.milestone_key)).toEqual(before);
  });

  it('renders every line whole across pieces, as UTF-8, with the columns around it', () => {
    const cases = Array.from({ length: 2000 }, (_, i) =>
      ['final_plan', 'advice.ep'].map((k) => step(`C-${String(i).padStart(5, '0')}`, k, i % 3 ? null : 'Ffôr\ttab')),
    );
    const data = milestoneLines(cases, '805\t', '\t2026-11-30');
    expect(data.length).toBeGreaterThan(1); // more than one piece: the join between them is tested
    const lines = text(data).trimEnd().split('\n');
    expect(lines).toHaveLength(4000);
    expect(lines[0]).toBe(
      '805\tC-00000\tadvice.ep\tehc_assessment\tadvice\tep\t\\N\t2026-01-05\t2026-05-25\t\\N\tpending\tFfôr\\ttab\tSW-1\tSW-1\t2026-11-30',
    );
    expect(lines.every((l) => l.split('\t').length === 15)).toBe(true);
    expect(lines[3999].split('\t').slice(1, 3)).toEqual(['C-01999', 'final_plan']);
  });
});
