import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CaseEvent, Pathway } from '@app/rules';

/** A case as the recompute reads it: identity, its whole timeline and what was stored last time. */
export interface LoadedCase {
  la: string;
  caseRef: string;
  pathway: Pathway;
  childRef: string;
  eventCount: number;
  /** Fingerprint of the stored evaluation, null when never evaluated. */
  fingerprint: string | null;
  events: CaseEvent[];
}

interface EventRow {
  case_ref: string;
  event_id: string;
  type: string;
  occurred_on: string;
  payload: Record<string, unknown>;
}

/**
 * The stored fingerprint of each case read: one primary-key probe per case, whatever the size of
 * its LA. (As a LEFT JOIN it was planned, with stale statistics, as a sort of the whole LA's
 * evaluations for every chunk: quadratic in the LA's size.)
 */
const STORED_FINGERPRINT = `(SELECT ce.fingerprint FROM case_evaluations ce WHERE ce.la_code = c.la_code AND ce.case_ref = c.case_ref) AS fingerprint`;

/**
 * Reads timelines for the recompute. The events table belongs to the ingest module; this is its
 * one read-only view for the worker, two set-based queries per chunk (cases, then their events).
 */
@Injectable()
export class EventReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async loadCases(la: string, caseRefs: string[]): Promise<LoadedCase[]> {
    const cases = await this.db.query(
      `SELECT c.case_ref, c.pathway, c.child_ref, c.event_count, ${STORED_FINGERPRINT}
       FROM cases c WHERE c.la_code = $1 AND c.case_ref = ANY($2::text[]) ORDER BY c.case_ref`,
      [la, caseRefs],
    );
    const events: EventRow[] = await this.db.query(
      `SELECT case_ref, event_id, type, occurred_on::text, payload FROM events
       WHERE la_code = $1 AND case_ref = ANY($2::text[])`,
      [la, caseRefs],
    );
    return assemble(la, cases, events);
  }

  /**
   * Every case, in key order, in chunks of one LA: memory holds one chunk whatever the total.
   * `after` resumes a pass that was interrupted (the last [la, caseRef] done).
   */
  async *streamAll(chunkSize: number, after: [string, string] = ['', ''], onlyLa?: string): AsyncGenerator<LoadedCase[]> {
    let [la, caseRef] = onlyLa && after[0] < onlyLa ? [onlyLa, ''] : after;
    for (;;) {
      const cases = await this.db.query(
        `SELECT c.la_code, c.case_ref, c.pathway, c.child_ref, c.event_count, ${STORED_FINGERPRINT}
         FROM cases c
         WHERE (c.la_code, c.case_ref) > ($1, $2) AND c.la_code = (
           SELECT min(la_code) FROM cases WHERE (la_code, case_ref) > ($1, $2))
         ORDER BY c.la_code, c.case_ref LIMIT $3`,
        [la, caseRef, chunkSize],
      );
      if (!cases.length) return;
      const chunkLa: string = cases[0].la_code;
      if (onlyLa && chunkLa !== onlyLa) return;
      const last: string = cases[cases.length - 1].case_ref;
      const events: EventRow[] = await this.db.query(
        `SELECT case_ref, event_id, type, occurred_on::text, payload FROM events
         WHERE la_code = $1 AND case_ref >= $2 AND case_ref <= $3`,
        [chunkLa, cases[0].case_ref, last],
      );
      yield assemble(chunkLa, cases, events);
      [la, caseRef] = [chunkLa, last];
    }
  }

  /** LAs that have cases, for per-LA scheduled jobs. */
  async laCodesWithCases(): Promise<string[]> {
    const rows = await this.db.query(
      `WITH RECURSIVE las AS (
         (SELECT la_code FROM cases ORDER BY la_code LIMIT 1)
         UNION ALL
         SELECT (SELECT c.la_code FROM cases c WHERE c.la_code > las.la_code ORDER BY c.la_code LIMIT 1) FROM las WHERE las.la_code IS NOT NULL
       ) SELECT la_code FROM las WHERE la_code IS NOT NULL`,
    );
    return rows.map((r: { la_code: string }) => r.la_code);
  }
}

function assemble(
  la: string,
  cases: { case_ref: string; pathway: Pathway; child_ref: string; event_count: number; fingerprint: string | null }[],
  events: EventRow[],
): LoadedCase[] {
  const byRef = new Map<string, LoadedCase>();
  const out = cases.map((c) => {
    const loaded: LoadedCase = {
      la,
      caseRef: c.case_ref,
      pathway: c.pathway,
      childRef: c.child_ref,
      eventCount: c.event_count,
      fingerprint: c.fingerprint,
      events: [],
    };
    byRef.set(c.case_ref, loaded);
    return loaded;
  });
  for (const e of events) {
    const c = byRef.get(e.case_ref);
    if (!c) continue;
    c.events.push({
      eventId: e.event_id,
      la,
      caseRef: c.caseRef,
      childRef: c.childRef,
      pathway: c.pathway,
      type: e.type,
      date: e.occurred_on,
      ...e.payload,
    } as unknown as CaseEvent);
  }
  return out;
}
