import { createServer, type AddressInfo } from 'node:net';
import type { AppConfig } from '@app/config';
import { Metrics } from '@app/metrics';
import { MailerService } from './mailer.service';

/** A port nothing listens on: taken, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('MailerService', () => {
  it('counts a mail the SMTP server could not take as failed, by kind, and rethrows', async () => {
    const metrics = new Metrics();
    const config = { smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, mailFrom: 'monitor@test.example' } as AppConfig;
    const mailer = new MailerService(config, metrics);
    try {
      await expect(mailer.send({ kind: 'digest', to: ['cw@test.example'], subject: 's', text: 't' })).rejects.toThrow();
    } finally {
      mailer.onApplicationShutdown();
    }
    const failed = await metrics.mailFailed.get();
    expect(failed.values).toEqual([{ labels: { kind: 'digest' }, value: 1 }]);
    expect((await metrics.mailSent.get()).values).toEqual([]);
  });
});
