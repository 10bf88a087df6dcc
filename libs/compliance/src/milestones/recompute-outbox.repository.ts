import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface RecomputeClaim {
  la: string;
  caseRefs: string[];
  firstSeq: string;
  lastSeq: string;
}

/**
 * The recompute outbox (recompute_requests), filled by the ingest statement. A relay claims rows
 * with SKIP LOCKED (workers share the work) and hands them to `enqueue`; the recompute job deletes
 * them when done. Rows queued but still here after `retryMs` (the job was lost with Redis) are
 * queued again: Redis down means later, never that a case is forgotten.
 */
@Injectable()
export class RecomputeOutboxRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async relay(limit: number, perJob: number, retryMs: number, enqueue: (claims: RecomputeClaim[]) => Promise<void>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: { la_code: string; case_ref: string; seq: string }[] = await tx.query(
        `SELECT la_code, case_ref, seq::text FROM recompute_requests
         WHERE relayed_at IS NULL OR relayed_at < now() - make_interval(secs => $2::float8 / 1000)
         ORDER BY la_code, case_ref LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit, retryMs],
      );
      if (!rows.length) return 0;
      const claims: RecomputeClaim[] = [];
      for (const r of rows) {
        let c = claims[claims.length - 1];
        if (!c || c.la !== r.la_code || c.caseRefs.length >= perJob) {
          c = { la: r.la_code, caseRefs: [], firstSeq: r.seq, lastSeq: r.seq };
          claims.push(c);
        }
        c.caseRefs.push(r.case_ref);
        if (BigInt(r.seq) < BigInt(c.firstSeq)) c.firstSeq = r.seq;
        if (BigInt(r.seq) > BigInt(c.lastSeq)) c.lastSeq = r.seq;
      }
      await enqueue(claims);
      await tx.query(
        `UPDATE recompute_requests r SET relayed_at = now() FROM unnest($1::text[], $2::text[]) AS d(la_code, case_ref)
         WHERE r.la_code = d.la_code AND r.case_ref = d.case_ref`,
        [rows.map((r) => r.la_code), rows.map((r) => r.case_ref)],
      );
      return rows.length;
    });
  }

  /** Done: removes the requests a job covered, unless the case was requested again since. */
  async complete(la: string, caseRefs: string[], lastSeq: string): Promise<void> {
    await this.db.query(`DELETE FROM recompute_requests WHERE la_code = $1 AND case_ref = ANY($2::text[]) AND seq <= $3::bigint`, [
      la,
      caseRefs,
      lastSeq,
    ]);
  }

  /** Rows waiting and the age of the oldest, in seconds (0 when empty): for the metrics. */
  async backlog(): Promise<{ rows: number; oldestSeconds: number }> {
    const [r] = await this.db.query(
      `SELECT count(*)::int AS rows, coalesce(extract(epoch FROM now() - min(requested_at)), 0)::float8 AS oldest FROM recompute_requests`,
    );
    return { rows: r.rows, oldestSeconds: Number(r.oldest) };
  }

  async pending(): Promise<number> {
    const [r] = await this.db.query(`SELECT count(*)::int AS n FROM recompute_requests`);
    return r.n;
  }
}
