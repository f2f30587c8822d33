import type { Mail } from './mail.ts';

/** The mails the accounts send, written once for plain text and HTML. Pure. */

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function compose(
  kind: Mail['kind'],
  to: string,
  subject: string,
  lines: { before: string[]; action: string; after: string[] },
  link: string,
): Mail {
  const text = [...lines.before, '', link, '', ...lines.after, '', '— Rookery'].join('\n');
  const paragraphs = (list: string[]) => list.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n');
  const html = [
    '<!doctype html><html><body style="font-family: sans-serif; line-height: 1.5">',
    paragraphs(lines.before),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(lines.action)}</a></p>`,
    `<p style="font-size: small">${escapeHtml(link)}</p>`,
    paragraphs(lines.after),
    '<p>— Rookery</p>',
    '</body></html>',
  ].join('\n');
  return { kind, to, subject, text, html, link };
}

/** The link that proves `to` is the address of `username`. */
export function verificationMail(input: {
  to: string;
  username: string;
  publicUrl: string;
  token: string;
  validHours: number;
}): Mail {
  const link = `${input.publicUrl}/verify-email?token=${encodeURIComponent(input.token)}`;
  return compose(
    'verify_email',
    input.to,
    'Confirm your email address',
    {
      before: [`Hello ${input.username},`, 'Open this link to confirm that this address is yours:'],
      action: 'Confirm my address',
      after: [
        `The link works once, within ${input.validHours} hours.`,
        'If you did not give this address to Rookery, ignore this mail: nothing changes.',
      ],
    },
    link,
  );
}

/** The link that sets a new password for the account of `to`. */
export function passwordResetMail(input: {
  to: string;
  username: string;
  publicUrl: string;
  token: string;
  validMinutes: number;
}): Mail {
  const link = `${input.publicUrl}/reset-password?token=${encodeURIComponent(input.token)}`;
  return compose(
    'password_reset',
    input.to,
    'Reset your password',
    {
      before: [
        `Hello ${input.username},`,
        'Someone asked to reset the password of your account. Open this link to choose a new one:',
      ],
      action: 'Choose a new password',
      after: [
        `The link works once, within ${input.validMinutes} minutes; setting a new password signs out every device.`,
        'If you did not ask for this, ignore this mail: your password stays as it is.',
      ],
    },
    link,
  );
}
