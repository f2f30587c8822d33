import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail as it arrived at the test's SMTP server, parsed. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  headers: ParsedMail['headers'];
}

export interface TestSmtp {
  /** `smtp://user:pass@127.0.0.1:<port>`, as SMTP_URL takes it. */
  url: string;
  received: ReceivedMail[];
  /** The next mail to `to` (one already received and not yet taken counts), or a rejection after `timeoutMs`. */
  nextMail(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  /** The next `count` deliveries are refused with a temporary error (to see the sender retry). */
  refuseNext(count: number): void;
  /** Delivery attempts, refused ones included. */
  attempts(): number;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a loopback port, with a login (the sender must authenticate), that parses
 * every mail it accepts.
 */
export async function startSmtp(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const waiters: Array<{ to: string; resolve: (m: ReceivedMail) => void }> = [];
  let refuse = 0;
  let attempts = 0;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 'secret') callback(null, { user: 'mailer' });
      else callback(new Error('wrong credentials'));
    },
    onData(stream, _session, callback) {
      attempts += 1;
      simpleParser(stream)
        .then((parsed) => {
          if (refuse > 0) {
            refuse -= 1;
            const err = Object.assign(new Error('try again later'), { responseCode: 451 });
            callback(err);
            return;
          }
          const to = [parsed.to]
            .flat()
            .flatMap((a) => a?.value ?? [])
            .map((v) => (v.address ?? '').toLowerCase());
          const mail: ReceivedMail = {
            from: parsed.from?.text ?? '',
            to,
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
            headers: parsed.headers,
          };
          received.push(mail);
          const index = waiters.findIndex((w) => to.includes(w.to));
          if (index >= 0) {
            taken.add(mail);
            waiters.splice(index, 1)[0]!.resolve(mail);
          }
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://mailer:secret@127.0.0.1:${port}`,
    received,
    nextMail(to, timeoutMs = 10_000) {
      const address = to.toLowerCase();
      const waiting = received.find((m) => !taken.has(m) && m.to.includes(address));
      if (waiting) {
        taken.add(waiting);
        return Promise.resolve(waiting);
      }
      return new Promise((resolve, reject) => {
        const waiter = { to: address, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i < 0) return;
          waiters.splice(i, 1);
          reject(new Error(`no mail to ${to} within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    refuseNext(count) {
      refuse = count;
    },
    attempts: () => attempts,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token in a mail's link to `path` (`/verify-email`, `/reset-password`). */
export function tokenIn(mail: ReceivedMail, path: string): string {
  const match = new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`).exec(mail.text);
  if (!match) throw new Error(`no ${path} link in the mail: ${mail.text}`);
  return decodeURIComponent(match[1]!);
}
