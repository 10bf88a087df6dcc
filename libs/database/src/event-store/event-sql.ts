// SQL fragments over the events table for statements owned elsewhere (reports), so that the
// table is named only in the event store while a report stays one set-based statement.

/**
 * The date of the latest "did not attend" of a case on or before `untilExpr`, not earlier than
 * `fromExpr`, and not retracted: where a wait's clock restarted as of that date (NHS RTT rules).
 * A scalar subquery; `la` and `caseRef` are SQL expressions naming the case (e.g. `ce.la_code`).
 */
export function latestStandingDnaSql(la: string, caseRef: string, fromExpr: string, untilExpr: string): string {
  return `(SELECT max(e.occurred_on) FROM events e
     WHERE e.la_code = ${la} AND e.case_ref = ${caseRef} AND e.type = 'appointment_dna'
       AND e.occurred_on BETWEEN ${fromExpr} AND ${untilExpr}
       AND NOT EXISTS (SELECT 1 FROM events r WHERE r.la_code = e.la_code AND r.case_ref = e.case_ref
         AND r.type = 'retract' AND r.retracts_event_id = e.event_id))`;
}
