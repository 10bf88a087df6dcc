import type { CaseEvaluation } from '../evaluate';
import { RULES } from '../testing/rules-fixture';
import { evaluateSteps } from '../testing/evaluate-steps';
import { combine, measure, measureBy } from './accumulator';
import { EhcTimelinessAccumulator } from './ehc-timeliness';
import { GROUP_BY, needAreaOf } from './period';
import { WaitingListAccumulator } from './waiting-list-measures';

const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const plan = (la: string, needCode: string | undefined, issued: string) =>
  evaluateSteps(
    'ehc_assessment',
    [
      ['request_received', '2026-01-05', needCode ? { needCode } : {}],
      ['final_plan_issued', issued],
    ],
    '2026-12-31',
    { la },
  );

describe('grouping and streaming', () => {
  const cases = [
    plan('805', 'ASD', '2026-05-01'),
    plan('805', 'SLCN', '2026-07-01'),
    plan('806', 'SEMH', '2026-05-01'),
    plan('806', undefined, '2026-05-01'),
  ];

  it('maps need codes to the Code of Practice broad areas', () => {
    expect(needAreaOf('ASD')).toBe('communication_and_interaction');
    expect(needAreaOf('SPLD')).toBe('cognition_and_learning');
    expect(needAreaOf('SEMH')).toBe('social_emotional_mental_health');
    expect(needAreaOf('VI')).toBe('sensory_and_physical');
    expect(needAreaOf(null)).toBe('unknown');
  });

  it('measures by LA, need code and broad area in one pass', () => {
    const byKey = measureBy(
      cases,
      (e) => [`la:${GROUP_BY.la(e)}`, `need:${GROUP_BY.needCode(e)}`, `area:${GROUP_BY.needArea(e)}`],
      () => new EhcTimelinessAccumulator(YEAR, RULES),
    );
    expect(byKey.get('la:805')!.within20Weeks.including).toEqual({ count: 1, of: 2, percent: 50 });
    expect(byKey.get('la:806')!.within20Weeks.including).toEqual({ count: 2, of: 2, percent: 100 });
    expect(byKey.get('area:communication_and_interaction')!.plansIssued).toBe(2);
    expect(byKey.get('need:unknown')!.plansIssued).toBe(1);
    expect(byKey.has('need:ASD')).toBe(true);
  });

  it('consumes a one-shot generator once, feeding several measures', () => {
    let pulled = 0;
    function* stream(): Generator<CaseEvaluation> {
      for (const c of cases) {
        pulled++;
        yield c;
      }
    }
    const both = measure(
      stream(),
      combine({ ehc: new EhcTimelinessAccumulator(YEAR, RULES), slt: new WaitingListAccumulator('slt', RULES) }),
    );
    expect(pulled).toBe(4);
    expect(both.ehc.plansIssued).toBe(4);
    expect(both.slt.waiting).toBe(0);
  });
});
