import nodemailer from 'nodemailer';
import type { Mail, Mailer } from '../../services/mail.ts';

/** Sends through an SMTP server (`smtp://user:pass@host:587`, or `smtps://` for TLS from the start). */
export class SmtpMailer implements Mailer {
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'X-Rookery-Mail': mail.kind },
    });
  }

  close(): void {
    this.transport.close();
  }
}
