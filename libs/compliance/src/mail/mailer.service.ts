import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { createTransport, type Transporter } from 'nodemailer';
import { AppConfig } from '@app/config';
import { Metrics } from '@app/metrics';

export interface OutgoingMail {
  /** What the mail is, for the sent and failed counters. */
  kind: 'digest' | 'weekly_summary';
  to: string[];
  subject: string;
  text: string;
  html?: string;
  /** Stable per digest or summary, so a resend after a crash is recognisably the same mail. */
  messageId?: string;
  attachments?: { filename: string; content: string; contentType: string }[];
}

/**
 * Sends mail over SMTP with nodemailer (pooled connections, retries on connect, correct MIME and
 * encodings: far more than a hand-written SMTP client would get right).
 */
@Injectable()
export class MailerService implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    this.transport = createTransport(config.smtpUrl, { from: config.mailFrom });
  }

  async send(mail: OutgoingMail): Promise<string> {
    try {
      const info = await this.transport.sendMail({
        from: this.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        attachments: mail.attachments,
      });
      this.metrics.mailSent.inc({ kind: mail.kind });
      return info.messageId;
    } catch (e) {
      this.metrics.mailFailed.inc({ kind: mail.kind });
      throw e;
    }
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
