import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ALERT_SELECT, toAlertView, type AlertView } from './alert-row';

export interface AlertClaim {
  la: string;
  alertIds: string[];
}

export interface InboxQuery {
  la: string;
  recipient?: string;
  state?: 'open' | 'acknowledged' | 'resolved' | 'all';
  limit?: number;
}

const OVERDUE_KINDS = ['overdue', 'final_deadline_breached', 'advice_overdue', 'review_overdue', 'wait_past_target'];

/** The only code that reads or writes alerts and alert_digests. */
@Injectable()
export class AlertsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Relays undelivered alerts through `enqueue`, marked relayed only if it succeeded; an alert
   * relayed but still undelivered after `retryMs` (its job was lost with Redis) goes again.
   */
  async relay(limit: number, retryMs: number, enqueue: (claims: AlertClaim[]) => Promise<void>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: { la_code: string; alert_id: string }[] = await tx.query(
        `SELECT la_code, alert_id::text FROM alerts
         WHERE delivered_at IS NULL AND (relayed_at IS NULL OR relayed_at < now() - make_interval(secs => $2::float8 / 1000))
         ORDER BY la_code, alert_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit, retryMs],
      );
      if (!rows.length) return 0;
      const claims: AlertClaim[] = [];
      for (const r of rows) {
        const last = claims[claims.length - 1];
        if (last && last.la === r.la_code) last.alertIds.push(r.alert_id);
        else claims.push({ la: r.la_code, alertIds: [r.alert_id] });
      }
      await enqueue(claims);
      await tx.query(
        `UPDATE alerts a SET relayed_at = now() FROM unnest($1::text[], $2::bigint[]) AS d(la_code, alert_id)
         WHERE a.la_code = d.la_code AND a.alert_id = d.alert_id`,
        [rows.map((r) => r.la_code), rows.map((r) => r.alert_id)],
      );
      return rows.length;
    });
  }

  /** Alerts raised but not yet in an inbox, and the age of the oldest, in seconds (0 when none). */
  async backlog(): Promise<{ rows: number; oldestSeconds: number }> {
    const [r] = await this.db.query(
      `SELECT count(*)::int AS rows, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8 AS oldest
       FROM alerts WHERE delivered_at IS NULL`,
    );
    return { rows: r.rows, oldestSeconds: Number(r.oldest) };
  }

  /**
   * Puts alerts in the inbox; a redelivered job changes nothing. Returns one entry per alert newly
   * delivered: seconds since its case's newest event reached the store (null if it has none).
   */
  async deliver(la: string, alertIds: string[]): Promise<(number | null)[]> {
    const result = await this.db.query(
      `UPDATE alerts a SET delivered_at = now()
       WHERE a.la_code = $1 AND a.alert_id = ANY($2::bigint[]) AND a.delivered_at IS NULL
       RETURNING extract(epoch FROM now() - (
         SELECT max(e.received_at) FROM events e WHERE e.la_code = a.la_code AND e.case_ref = a.case_ref))::float8 AS seconds`,
      [la, alertIds],
    );
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const rows: { seconds: number | null }[] = Array.isArray(result[0]) ? result[0] : result;
    return rows.map((r) => (r.seconds === null ? null : Number(r.seconds)));
  }

  async inbox(q: InboxQuery): Promise<AlertView[]> {
    const state = q.state ?? 'open';
    const where = ['la_code = $1', 'delivered_at IS NOT NULL'];
    const params: unknown[] = [q.la];
    if (q.recipient) where.push(`recipient_ref = $${params.push(q.recipient)}`);
    if (state === 'open') where.push('resolved_at IS NULL');
    if (state === 'acknowledged') where.push('resolved_at IS NULL AND acknowledged_at IS NOT NULL');
    if (state === 'resolved') where.push('resolved_at IS NOT NULL');
    const rows = await this.db.query(
      `${ALERT_SELECT} WHERE ${where.join(' AND ')} ORDER BY due_on, alert_id LIMIT $${params.push(q.limit ?? 500)}`,
      params,
    );
    return rows.map(toAlertView);
  }

  async get(la: string, alertId: string): Promise<AlertView | undefined> {
    const rows = await this.db.query(`${ALERT_SELECT} WHERE la_code = $1 AND alert_id = $2`, [la, alertId]);
    return rows.length ? toAlertView(rows[0]) : undefined;
  }

  async acknowledge(la: string, alertId: string, by: string): Promise<AlertView | undefined> {
    await this.db.query(
      `UPDATE alerts SET acknowledged_at = coalesce(acknowledged_at, now()), acknowledged_by = coalesce(acknowledged_by, $3)
       WHERE la_code = $1 AND alert_id = $2`,
      [la, alertId, by],
    );
    return this.get(la, alertId);
  }

  async resolve(la: string, alertId: string, by: string): Promise<AlertView | undefined> {
    await this.db.query(
      `UPDATE alerts SET resolved_at = coalesce(resolved_at, now()), resolution = coalesce(resolution, 'resolved by ' || $3)
       WHERE la_code = $1 AND alert_id = $2`,
      [la, alertId, by],
    );
    return this.get(la, alertId);
  }

  /**
   * Overdue alerts nobody acknowledged for `days` become an escalation to the team manager of the
   * case's team: a new alert (outbox again), deduped per original alert.
   */
  async escalate(on: string, days: number): Promise<number> {
    const rows = await this.db.query(
      `WITH due AS (
         SELECT a.la_code, a.alert_id, a.dedupe_key, a.case_ref, a.milestone_key, a.pathway, a.service, a.due_on,
                (SELECT s.staff_ref FROM staff s WHERE s.la_code = a.la_code AND s.role = 'team_manager' AND s.team = ce.team
                 ORDER BY s.staff_ref LIMIT 1) AS manager
         FROM alerts a JOIN case_evaluations ce ON ce.la_code = a.la_code AND ce.case_ref = a.case_ref
         WHERE a.kind = ANY($3::text[]) AND a.resolved_at IS NULL AND a.acknowledged_at IS NULL
           AND a.escalated_at IS NULL AND a.raised_on <= $1::date - $2::int
       ), raised AS (
         INSERT INTO alerts (la_code, dedupe_key, case_ref, milestone_key, kind, pathway, service, due_on, raised_on,
                             recipient_ref, escalates_alert_id)
         SELECT la_code, dedupe_key || '|escalation', case_ref, milestone_key, 'escalation', pathway, service, due_on,
                $1::date, manager, alert_id FROM due
         ON CONFLICT (la_code, dedupe_key) DO NOTHING RETURNING 1
       ), marked AS (
         UPDATE alerts a SET escalated_at = now() FROM due WHERE a.la_code = due.la_code AND a.alert_id = due.alert_id RETURNING 1
       )
       SELECT (SELECT count(*) FROM raised)::int AS raised, (SELECT count(*) FROM marked)::int AS marked`,
      [on, days, OVERDUE_KINDS],
    );
    return rows[0].raised;
  }

  /**
   * Claims the day's digest for each recipient with delivered alerts not yet mailed: one digest row
   * per recipient and day, and its alerts tagged with it, in one transaction. A digest left
   * 'sending' by a crash is claimed again and resent with the same Message-ID.
   */
  async claimDigests(
    la: string,
    on: string,
  ): Promise<{ digestId: string; recipientRef: string; email: string | null; messageId: string }[]> {
    return this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO alert_digests (la_code, recipient_ref, digest_on, status, alert_count, message_id)
         SELECT a.la_code, a.recipient_ref, $2::date, 'sending', count(*),
                '<digest.' || a.la_code || '.' || a.recipient_ref || '.' || $2 || '@send-monitor>'
         FROM alerts a WHERE a.la_code = $1 AND a.recipient_ref IS NOT NULL AND a.delivered_at IS NOT NULL
           AND a.digest_id IS NULL AND a.resolved_at IS NULL
         GROUP BY a.la_code, a.recipient_ref
         ON CONFLICT (la_code, recipient_ref, digest_on) DO NOTHING`,
        [la, on],
      );
      await tx.query(
        `UPDATE alerts a SET digest_id = d.digest_id FROM alert_digests d
         WHERE a.la_code = $1 AND d.la_code = a.la_code AND d.recipient_ref = a.recipient_ref AND d.digest_on = $2
           AND d.status = 'sending' AND a.digest_id IS NULL AND a.delivered_at IS NOT NULL AND a.resolved_at IS NULL`,
        [la, on],
      );
      return (
        await tx.query(
          `SELECT d.digest_id::text, d.recipient_ref, s.email, d.message_id FROM alert_digests d
           LEFT JOIN staff s ON s.la_code = d.la_code AND s.staff_ref = d.recipient_ref
           WHERE d.la_code = $1 AND d.digest_on = $2 AND d.status = 'sending' ORDER BY d.recipient_ref`,
          [la, on],
        )
      ).map((r: Record<string, string>) => ({
        digestId: r.digest_id,
        recipientRef: r.recipient_ref,
        email: r.email,
        messageId: r.message_id,
      }));
    });
  }

  async digestAlerts(la: string, digestId: string): Promise<AlertView[]> {
    return (await this.db.query(`${ALERT_SELECT} WHERE la_code = $1 AND digest_id = $2 ORDER BY due_on, alert_id`, [la, digestId])).map(
      toAlertView,
    );
  }

  async markDigestSent(la: string, digestId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE alert_digests SET status = 'sent', sent_at = now() WHERE la_code = $1 AND digest_id = $2`, [la, digestId]);
      await tx.query(`UPDATE alerts SET emailed_at = now() WHERE la_code = $1 AND digest_id = $2 AND emailed_at IS NULL`, [la, digestId]);
    });
  }

  async lasWithUndigested(): Promise<string[]> {
    const rows = await this.db.query(
      `SELECT DISTINCT la_code FROM alerts WHERE delivered_at IS NOT NULL AND digest_id IS NULL AND resolved_at IS NULL`,
    );
    return rows.map((r: { la_code: string }) => r.la_code);
  }
}
