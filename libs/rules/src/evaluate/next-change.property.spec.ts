import fc from 'fast-check';
import { addDays } from '../dates/iso-date';
import { asOfArbitrary, caseArbitrary } from '../testing/case-arbitraries';
import { RULES } from '../testing/rules-fixture';
import { alertsFor } from './alerts';
import { evaluateCase } from './evaluate-case';
import type { CaseEvaluation } from './evaluation.types';
import { nextChangeOn } from './next-change';

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 200) };
/** Days after asOf looked at when the case never changes again (null): past the longest clock in the generator. */
const HORIZON = 500;

/** What the worker stores of an evaluation, less the day counts that grow while a case is open. */
function stored(e: CaseEvaluation) {
  return {
    status: e.status,
    outcome: e.outcome,
    needCode: e.needCode,
    startedOn: e.startedOn,
    closedOn: e.closedOn,
    wait: e.wait && { clockStartOn: e.wait.clockStartOn, stoppedOn: e.wait.stoppedOn, qs51: e.wait.qs51 },
    milestones: e.milestones.map((m) => [m.key, m.dueOn, m.doneOn, m.state, m.exceptionReason]),
    reminders: e.localReminders.map((r) => [r.key, r.dueOn, r.doneOn, r.state]),
    alerts: alertsFor(e, RULES).map((a) => a.dedupeKey),
  };
}

describe('nextChangeOn', () => {
  it('nothing stored changes before the day it names, and something may change on it', () => {
    fc.assert(
      fc.property(caseArbitrary(), asOfArbitrary, (c, asOf) => {
        const id = { la: '805', caseRef: c.caseRef, pathway: c.pathway };
        const now = evaluateCase(c.events, asOf, RULES, id);
        const next = nextChangeOn(c.events, now, RULES);
        const until = next ?? addDays(asOf, HORIZON);
        expect(until > asOf).toBe(true);
        const expected = stored(now);
        for (let day = addDays(asOf, 1); day < until; day = addDays(day, 1)) {
          expect({ day, ...stored(evaluateCase(c.events, day, RULES, id)) }).toEqual({ day, ...expected });
        }
      }),
      RUNS,
    );
  });

  it('an event dated after asOf makes its date a change at the latest', () => {
    fc.assert(
      fc.property(caseArbitrary(), asOfArbitrary, (c, asOf) => {
        const now = evaluateCase(c.events, asOf, RULES, { la: '805', caseRef: c.caseRef, pathway: c.pathway });
        const future = c.events.filter((x) => x.type !== 'retract' && x.date > asOf).map((x) => x.date);
        const next = nextChangeOn(c.events, now, RULES);
        if (future.length) expect(next! <= future.sort()[0]).toBe(true);
      }),
      RUNS,
    );
  });
});
