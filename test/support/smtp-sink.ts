// A real SMTP server inside the test (smtp-server), keeping every message it receives, parsed.
import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  url: string;
  mails: ParsedMail[];
  /** Connection errors (a client that went away mid-mail), kept rather than thrown. */
  errors: Error[];
  /** Resolves with the mails to `address` once `count` have arrived. */
  waitFor: (address: string, count?: number, timeoutMs?: number) => Promise<ParsedMail[]>;
  close: () => Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail) => {
          mails.push(mail);
          done();
        })
        .catch(done);
    },
  });
  // A sender killed mid-mail (a worker stopped with SIGKILL) resets its connection inside a mail
  // transaction; smtp-server then emits 'error', which with no listener ends the test file.
  const errors: Error[] = [];
  server.on('error', (err: Error) => errors.push(err));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const to = (m: ParsedMail) => (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).flatMap((a) => a.value.map((v) => v.address));
  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    errors,
    waitFor: async (address, count = 1, timeoutMs = 20000) => {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.filter((m) => to(m).includes(address));
        if (found.length >= count) return found;
        if (Date.now() > until) throw new Error(`no ${count} mail(s) for ${address} within ${timeoutMs} ms (got ${found.length})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls `probe` until it returns a truthy value. */
export async function eventually<T>(probe: () => Promise<T>, what: string, timeoutMs = 20000): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
