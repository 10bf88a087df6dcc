// The tests' SMTP sink outlives a sender that goes away mid-mail: a worker killed with SIGKILL while
// sending resets its connection inside a mail transaction, and smtp-server reports that as an 'error'
// event; unheard, it ended a whole test file on a fresh clone (multi-process, "read ECONNRESET").
import { connect, type Socket } from 'node:net';
import { eventually, startSmtpSink, type SmtpSink } from './support/smtp-sink';

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.close());

/** Sends a command once the server has answered the one before (its greeting first). */
function talk(socket: Socket) {
  let heard = '';
  socket.on('data', (d) => (heard += d.toString()));
  return async (command: string | null, reply: RegExp) => {
    if (command) socket.write(`${command}\r\n`);
    await eventually(async () => reply.test(heard), `${reply} after ${command}`, 5000);
    heard = '';
  };
}

it('keeps a connection reset inside a mail transaction as an error instead of throwing it', async () => {
  const socket = connect(Number(new URL(sink.url).port), '127.0.0.1');
  const say = talk(socket);
  await say(null, /^220 /m);
  await say('EHLO test', /^250 /m);
  await say('MAIL FROM:<alerts@example.invalid>', /^250 /m);
  await say('RCPT TO:<caseworker@example.invalid>', /^250 /m);
  socket.resetAndDestroy();
  await eventually(async () => sink.errors.length > 0, 'the reset kept among the sink errors', 5000);
  expect(sink.errors.map((e) => (e as NodeJS.ErrnoException).code)).toEqual(['ECONNRESET']);
  expect(sink.mails).toEqual([]);
});
