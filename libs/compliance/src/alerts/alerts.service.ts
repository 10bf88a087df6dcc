import { Inject, Injectable, Logger } from '@nestjs/common';
import { RULES_TABLE } from '@app/config';
import { Metrics } from '@app/metrics';
import type { RulesTable } from '@app/rules';
import { MailerService } from '../mail/mailer.service';
import type { AlertView } from './alert-row';
import { AlertsRepository, type AlertClaim, type InboxQuery } from './alerts.repository';
import { digestMail } from './digest-mail';

/** Alerts for caseworkers: relay from the outbox, inbox delivery, daily digests, escalation. */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);

  constructor(
    private readonly repo: AlertsRepository,
    private readonly mailer: MailerService,
    @Inject(RULES_TABLE) private readonly rules: RulesTable,
    private readonly metrics: Metrics,
  ) {}

  relay(limit: number, retryMs: number, enqueue: (claims: AlertClaim[]) => Promise<void>): Promise<number> {
    return this.repo.relay(limit, retryMs, enqueue);
  }

  /** Puts alerts in the inbox; returns how many were new, and times each from its case's newest event. */
  async deliver(la: string, alertIds: string[]): Promise<number> {
    const latencies = await this.repo.deliver(la, alertIds);
    for (const seconds of latencies) if (seconds !== null) this.metrics.eventToAlert.observe(seconds);
    this.metrics.alertsDelivered.inc(latencies.length);
    return latencies.length;
  }

  backlog(): Promise<{ rows: number; oldestSeconds: number }> {
    return this.repo.backlog();
  }

  inbox(q: InboxQuery): Promise<AlertView[]> {
    return this.repo.inbox(q);
  }

  get(la: string, alertId: string) {
    return this.repo.get(la, alertId);
  }

  acknowledge(la: string, alertId: string, by: string) {
    return this.repo.acknowledge(la, alertId, by);
  }

  resolve(la: string, alertId: string, by: string) {
    return this.repo.resolve(la, alertId, by);
  }

  escalate(on: string): Promise<number> {
    return this.repo.escalate(on, this.rules.alerts.escalateAfterOverdueDays);
  }

  lasWithUndigested(): Promise<string[]> {
    return this.repo.lasWithUndigested();
  }

  /** Mails each recipient's digest for the day; returns how many mails went. */
  async sendDigests(la: string, on: string): Promise<number> {
    let sent = 0;
    for (const d of await this.repo.claimDigests(la, on)) {
      const alerts = await this.repo.digestAlerts(la, d.digestId);
      if (d.email && alerts.length) {
        const mail = digestMail(d.recipientRef, on, alerts);
        await this.mailer.send({ kind: 'digest', to: [d.email], messageId: d.messageId, ...mail });
        sent++;
      } else if (!d.email) {
        this.logger.warn({ msg: 'no mailbox for alert recipient; digest kept in the inbox only', la, recipient: d.recipientRef });
      }
      await this.repo.markDigestSent(la, d.digestId);
    }
    return sent;
  }
}
