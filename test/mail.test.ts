import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Registry } from 'prom-client';
import { createAccountMetrics } from '../server/platform/account-metrics.ts';
import { createLogger } from '../server/platform/logger.ts';
import { FolderMailer } from '../server/platform/mail/folder.mailer.ts';
import { RetryingOutbox } from '../server/platform/mail/outbox.ts';
import { SmtpMailer } from '../server/platform/mail/smtp.mailer.ts';
import { passwordResetMail, verificationMail } from '../server/services/mail-templates.ts';
import { startSmtp, type TestSmtp, tokenIn } from './support/smtp.ts';

const silent = createLogger({ level: 'silent', pretty: false });
const FROM = 'Rookery <no-reply@example.org>';

describe('mail', () => {
  let smtp: TestSmtp;
  before(async () => {
    smtp = await startSmtp();
  });
  after(() => smtp.close());

  const mail = (to: string) =>
    verificationMail({
      to,
      username: 'alice',
      publicUrl: 'https://play.example.org',
      token: 'tok-en_1',
      validHours: 48,
    });

  it('delivers a mail through a real SMTP server with a login, with plain-text and HTML bodies', async () => {
    const mailer = new SmtpMailer(smtp.url, FROM);
    await mailer.send(mail('alice@example.org'));
    mailer.close();
    const received = await smtp.nextMail('alice@example.org');
    assert.equal(received.subject, 'Confirm your email address');
    assert.match(received.from, /^"?Rookery"? <no-reply@example\.org>$/);
    assert.equal(tokenIn(received, '/verify-email'), 'tok-en_1');
    assert.match(received.text, /^Hello alice,/);
    assert.match(received.html, /<a href="https:\/\/play\.example\.org\/verify-email\?token=tok-en_1">/);
    assert.equal(received.headers.get('x-rookery-mail'), 'verify_email');
  });

  it('escapes what it puts into the HTML body', () => {
    const reset = passwordResetMail({
      to: 'x@example.org',
      username: '<b>x</b>',
      publicUrl: 'https://play.example.org',
      token: 'a',
      validMinutes: 30,
    });
    assert.ok(!reset.html.includes('<b>x</b>'));
    assert.match(reset.html, /&#60;b&#62;x&#60;\/b&#62;/);
    assert.match(reset.text, /within 30 minutes/);
  });

  it('retries a refused delivery with backoff, and delivers the mail once', async () => {
    const registry = new Registry();
    const metrics = createAccountMetrics(registry);
    const mailer = new SmtpMailer(smtp.url, FROM);
    const outbox = new RetryingOutbox(mailer, silent, metrics, { attempts: 4, backoffMs: 20, capacity: 10 });
    const before = smtp.attempts();
    smtp.refuseNext(2);
    outbox.post(mail('retry@example.org'));
    await outbox.idle();
    mailer.close();
    assert.equal(smtp.attempts() - before, 3);
    await smtp.nextMail('retry@example.org');
    assert.equal(smtp.received.filter((m) => m.to.includes('retry@example.org')).length, 1);
    const counts = await metrics.mail.get();
    const value = (outcome: string) => counts.values.find((v) => v.labels.outcome === outcome)?.value;
    assert.equal(value('retried'), 2);
    assert.equal(value('sent'), 1);
  });

  it('gives a mail up after its last attempt, and post never waits for the server', async () => {
    const metrics = createAccountMetrics(new Registry());
    // Nothing listens on this port: every attempt fails at once.
    const mailer = new SmtpMailer('smtp://127.0.0.1:9', FROM);
    const outbox = new RetryingOutbox(mailer, silent, metrics, { attempts: 2, backoffMs: 5, capacity: 10 });
    const started = outbox.post(mail('nobody@example.org'));
    assert.equal(started, undefined);
    await outbox.idle();
    mailer.close();
    const counts = await metrics.mail.get();
    assert.equal(counts.values.find((v) => v.labels.outcome === 'failed')?.value, 1);
  });

  it('without SMTP, writes each mail to the folder and logs its link', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'rookery-mail-'));
    const lines: string[] = [];
    const log = createLogger({ level: 'info', pretty: false });
    const capture = log.child({});
    capture.info = ((obj: object, msg?: string) => {
      lines.push(JSON.stringify({ ...obj, msg }));
    }) as typeof capture.info;
    try {
      await new FolderMailer(path.join(folder, 'mail'), capture).send(mail('dev@example.org'));
      const files = await readdir(path.join(folder, 'mail'));
      assert.equal(files.length, 1);
      const written = JSON.parse(await readFile(path.join(folder, 'mail', files[0]!), 'utf8'));
      assert.equal(written.to, 'dev@example.org');
      assert.match(written.html, /<a href=/);
      assert.ok(lines.some((l) => l.includes('https://play.example.org/verify-email?token=tok-en_1')));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
