import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Mail, Mailer } from '../../services/mail.ts';
import type { Logger } from '../logger.ts';

/**
 * Development without a mail server: each mail becomes a JSON file in `folder` (both bodies), and
 * its link is logged, so a developer follows it from the console.
 */
export class FolderMailer implements Mailer {
  constructor(
    private readonly folder: string,
    private readonly log: Logger,
  ) {}

  async send(mail: Mail): Promise<void> {
    await mkdir(this.folder, { recursive: true, mode: 0o700 });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${mail.kind}-${randomUUID().slice(0, 8)}.json`;
    const file = path.join(this.folder, name);
    await writeFile(file, `${JSON.stringify(mail, null, 2)}\n`, { mode: 0o600 });
    this.log.info(
      { kind: mail.kind, file, link: mail.link },
      'mail written to the data folder (SMTP_URL is not set)',
    );
  }
}
