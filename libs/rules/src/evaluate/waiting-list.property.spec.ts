// Properties of the RTT DNA rule and NICE QS51 over generated SLT and ND timelines.
import { addMonths as fnsAddMonths, format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import type { CaseEvent } from '../contract';
import { toDay } from '../dates';
import { asOfArbitrary, caseArbitrary, toEvent } from '../testing/case-arbitraries';
import { RULES } from '../testing/rules-fixture';
import { evaluateCase } from './evaluate-case';
import { effectiveTimeline } from './timeline';

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 400) };
const waits = caseArbitrary('P-1', ['slt', 'neurodevelopmental']);
const STOPS = new Set(['first_contact', 'assessment_started', 'discharged', 'referral_closed']);
const idOf = (events: CaseEvent[]) => ({ la: '805', caseRef: 'P-1', pathway: events[0].pathway });

describe('waits: the RTT DNA rule and NICE QS51', () => {
  it('starts the clock at the referral, or at the first DNA after it and before the stop (never a later DNA)', () => {
    fc.assert(
      fc.property(waits, asOfArbitrary, (c, asOf) => {
        const r = evaluateCase(c.events, asOf, RULES, idOf(c.events));
        const timeline = effectiveTimeline(c.events, asOf, idOf(c.events));
        const at = timeline.findIndex((e) => e.type === 'referral_received');
        if (at < 0) return expect(r.wait).toBeNull();
        const after = timeline.slice(at + 1);
        const stopAt = after.findIndex((e) => STOPS.has(e.type));
        const before = stopAt < 0 ? after : after.slice(0, stopAt);
        const dnas = before.filter((e) => e.type === 'appointment_dna');
        expect(r.wait!.clockStartOn).toBe(dnas[0]?.date ?? timeline[at].date);
        expect(r.wait!.restarts).toBe(dnas.length > 0 ? 1 : 0);
      }),
      RUNS,
    );
  });

  it('is not changed by a further DNA after the clock restarted', () => {
    fc.assert(
      fc.property(waits, asOfArbitrary, fc.integer({ min: 1, max: 400 }), (c, asOf, later) => {
        const r = evaluateCase(c.events, asOf, RULES, idOf(c.events));
        fc.pre(r.wait !== null && r.wait.restarts === 1);
        const day = toDay(r.wait!.clockStartOn) - toDay('2024-01-01') + later;
        const extra = toEvent(c.pathway, 'P-1', 90, { type: 'appointment_dna', offset: day, fields: {} });
        expect(evaluateCase([...c.events, extra], asOf, RULES, idOf(c.events))).toEqual(r);
      }),
      RUNS,
    );
  });

  it('times QS51 from the referral: due 3 calendar months on (date-fns), the same with or without DNAs', () => {
    fc.assert(
      fc.property(caseArbitrary('P-1', ['neurodevelopmental']), asOfArbitrary, (c, asOf) => {
        const r = evaluateCase(c.events, asOf, RULES, idOf(c.events));
        const noDna = evaluateCase(
          c.events.filter((e) => e.type !== 'appointment_dna'),
          asOf,
          RULES,
          idOf(c.events),
        );
        if (r.wait === null) return;
        const q = r.wait.qs51!;
        expect(noDna.wait!.qs51).toEqual(q);
        expect(q.dueOn).toBe(format(fnsAddMonths(new TZDate(`${r.wait.referredOn}T00:00:00Z`, 'UTC'), 3), 'yyyy-MM-dd'));
        const { stoppedBy: by, stoppedOn: on } = r.wait;
        const expected =
          by === 'assessment_started'
            ? on! <= q.dueOn
              ? 'within'
              : 'not_within'
            : by !== null && on! <= q.dueOn
              ? 'not_counted'
              : asOf > q.dueOn
                ? 'not_within'
                : 'pending';
        expect(q.state).toBe(expected);
      }),
      RUNS,
    );
  });
});
