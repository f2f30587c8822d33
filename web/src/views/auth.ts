import { RookeryError } from '../../../client-sdk/errors.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';

let forms = 0;

/** The words of a refusal, field by field when the server names the fields. */
export function explain(err: unknown): string {
  if (err instanceof RookeryError) {
    if (err.details?.length)
      return err.details.map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).join(' ');
    if (err.code === 'NETWORK') return 'The server cannot be reached. Check the connection and try again.';
    return err.message;
  }
  return err instanceof Error ? err.message : String(err);
}

/**
 * Log in, sign up, or play as a guest; `done` runs once signed in. For a guest, signing up keeps
 * the guest's games and turns it into that account.
 */
export function authPanel(ctx: AppContext, done: () => void): HTMLElement {
  forms += 1;
  const id = (name: string) => `auth-${name}-${forms}`;
  const guest = ctx.user()?.guest === true;
  let mode: 'login' | 'register' = guest ? 'register' : 'login';

  const error = h('p', { class: 'error', role: 'alert' });
  const username = h('input', {
    id: id('username'),
    name: 'username',
    required: true,
    minlength: 3,
    maxlength: 20,
    autocomplete: 'username',
    autocapitalize: 'off',
    spellcheck: 'false',
  });
  const password = h('input', {
    id: id('password'),
    name: 'password',
    type: 'password',
    required: true,
    autocomplete: 'current-password',
  });
  const email = h('input', { id: id('email'), name: 'email', type: 'email', autocomplete: 'email' });
  const emailRow = h('p', { class: 'field' }, h('label', { for: id('email') }, 'Email (optional)'), email);
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Log in');

  const setMode = (next: typeof mode) => {
    mode = next;
    emailRow.hidden = mode === 'login';
    password.autocomplete = mode === 'login' ? 'current-password' : 'new-password';
    submit.textContent = mode === 'login' ? 'Log in' : 'Sign up';
  };
  const choice = (value: typeof mode, label: string) =>
    h(
      'label',
      { class: 'choice' },
      h('input', {
        type: 'radio',
        name: id('mode'),
        value,
        checked: value === mode,
        onchange: () => setMode(value),
      }),
      label,
    );

  const busy = async (action: () => Promise<unknown>) => {
    error.textContent = '';
    for (const b of form.querySelectorAll('button')) b.disabled = true;
    try {
      await action();
      ctx.sessionChanged();
      done();
    } catch (err) {
      error.textContent = explain(err);
    } finally {
      for (const b of form.querySelectorAll('button')) b.disabled = false;
    }
  };

  const form: HTMLFormElement = h(
    'form',
    {
      class: 'auth',
      'aria-label': guest ? 'Keep this account' : 'Sign in',
      onsubmit: (e) => {
        e.preventDefault();
        const credentials = { username: username.value.trim(), password: password.value };
        void busy(() =>
          mode === 'login'
            ? ctx.rookery.login(credentials)
            : ctx.rookery.register({ ...credentials, ...(email.value ? { email: email.value } : {}) }),
        );
      },
    },
    guest
      ? h('p', {}, 'Sign up to keep this guest account, its games and a rating.')
      : h(
          'fieldset',
          { class: 'modes' },
          h('legend', {}, 'I want to'),
          choice('login', 'Log in'),
          choice('register', 'Sign up'),
        ),
    h('p', { class: 'field' }, h('label', { for: id('username') }, 'Username'), username),
    h('p', { class: 'field' }, h('label', { for: id('password') }, 'Password'), password),
    emailRow,
    error,
    h('p', { class: 'forgot' }, h('a', { href: '/reset-password' }, 'Forgot your password?')),
    h(
      'p',
      { class: 'row' },
      submit,
      guest
        ? null
        : h(
            'button',
            { type: 'button', onclick: () => void busy(() => ctx.rookery.guest()) },
            'Play as a guest',
          ),
    ),
  );
  setMode(mode);
  return form;
}
