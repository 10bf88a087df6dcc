#!/usr/bin/env node
// A local SMTP catcher for the demo: listens where SMTP_URL points (default smtp://127.0.0.1:1025)
// and keeps every mail it receives, as sent, in an .eml file under tmp/mail/ (MAIL_DIR), so the
// alert digests and weekly summaries can be opened in any mail program or read as text.
// Accepts any sender and recipient, no authentication, no TLS: for a developer's machine only.
//   node scripts/mail-catcher.js
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const { join, relative, resolve } = require('node:path');
const { SMTPServer } = require('smtp-server');
const { simpleParser } = require('mailparser');

const root = resolve(__dirname, '..');
const smtp = new URL(process.env.SMTP_URL || require('../config/default.json').smtpUrl);
const host = smtp.hostname || '127.0.0.1';
const port = Number(smtp.port || 25);
const dir = resolve(root, process.env.MAIL_DIR || join('tmp', 'mail'));
mkdirSync(dir, { recursive: true });

let received = 0;
const slug = (s) =>
  String(s)
    .toLowerCase()
    .replace(/[^a-z0-9.@-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60) || 'mail';

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  size: 25 * 1024 * 1024,
  onData(stream, session, done) {
    const chunks = [];
    stream.on('data', (c) => chunks.push(c));
    stream.on('error', done);
    stream.on('end', async () => {
      try {
        const raw = Buffer.concat(chunks);
        const mail = await simpleParser(raw);
        const to = session.envelope.rcptTo.map((r) => r.address);
        const stamp = new Date().toISOString().replace(/[:.]/g, '-');
        const file = join(dir, `${stamp}-${String(++received).padStart(4, '0')}-${slug(to[0])}.eml`);
        writeFileSync(file, raw);
        console.log(`${new Date().toISOString()} mail to ${to.join(', ')}: "${mail.subject ?? ''}" -> ${relative(root, file)}`);
        done();
      } catch (e) {
        done(e);
      }
    });
  },
});

server.on('error', (e) => {
  console.error(
    `mail catcher: ${e.code === 'EADDRINUSE' ? `port ${port} on ${host} is taken (another catcher or mail server?)` : e.message}`,
  );
  process.exit(1);
});

server.listen(port, host, () => {
  console.log(`mail catcher listening on smtp://${host}:${port}; mails saved in ${relative(root, dir) || '.'}/`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
