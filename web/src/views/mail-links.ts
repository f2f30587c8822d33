import { AccountClient } from '../../../client-sdk/account.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { attempt } from './section.ts';

const tokenOf = () => new URLSearchParams(location.search).get('token') ?? '';

/** `/verify-email?token=…`: the link mailed to a new address; following it verifies the address. */
export function verifyEmailView(ctx: AppContext, main: HTMLElement): () => void {
  const status = h('p', { class: 'status', role: 'status' }, 'Verifying your address…');
  replace(main, h('section', { class: 'panel account-page' }, h('h1', {}, 'Email address'), status));
  new AccountClient(ctx.rookery).verifyEmail(tokenOf()).then(
    (done) => {
      status.textContent = `${done.email} is verified. It is yours now.`;
      status.append(' ', h('a', { href: '/settings' }, 'Settings'));
    },
    (err) => {
      status.setAttribute('role', 'alert');
      status.textContent = `${err instanceof Error ? err.message : String(err)}.`;
    },
  );
  return () => undefined;
}

/**
 * `/reset-password`: without a token, asks for a link by email; with the mailed link's token,
 * sets a new password (every session of the account ends).
 */
export function resetPasswordView(ctx: AppContext, main: HTMLElement): () => void {
  const account = new AccountClient(ctx.rookery);
  const token = tokenOf();
  const error = h('p', { class: 'error', role: 'alert' });
  const done = h('p', { class: 'status', role: 'status' });
  const input = token
    ? h('input', {
        id: 'reset-password',
        type: 'password',
        autocomplete: 'new-password',
        minlength: 8,
        required: true,
      })
    : h('input', { id: 'reset-email', type: 'email', autocomplete: 'email', required: true });
  const form = h(
    'form',
    {
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const ok = await attempt(form, error, () =>
          token
            ? account.confirmPasswordReset(token, input.value)
            : account.requestPasswordReset(input.value),
        );
        if (!ok) return;
        form.hidden = true;
        done.textContent = token
          ? 'Your password is set, and every device was signed out. Log in with the new password.'
          : 'If an account has verified this address, a link to reset its password is on its way.';
      },
    },
    h(
      'p',
      { class: 'field' },
      h('label', { for: input.id }, token ? 'New password' : 'Your verified email address'),
      input,
    ),
    h('button', { type: 'submit' }, token ? 'Set the password' : 'Send me a link'),
  );
  replace(
    main,
    h('section', { class: 'panel account-page' }, h('h1', {}, 'Reset your password'), form, error, done),
  );
  return () => undefined;
}
