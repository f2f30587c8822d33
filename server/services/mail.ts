/** Mail as the services write it, and the ports that carry it out. */

/** What a mail is about, for logs and metrics (a closed set). */
export const MAIL_KINDS = ['verify_email', 'password_reset'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** One mail, with both bodies. `link` is the one action the mail offers (logged without SMTP). */
export interface Mail {
  kind: MailKind;
  to: string;
  subject: string;
  text: string;
  html: string;
  link: string;
}

/** Hands one mail to whatever delivers it; rejects when it could not (the outbox retries). */
export interface Mailer {
  send(mail: Mail): Promise<void>;
}

/**
 * Where a request leaves a mail: `post` returns at once, the mail is delivered later (retried with
 * backoff), so no request ever waits for a mail server.
 */
export interface MailOutbox {
  post(mail: Mail): void;
}
