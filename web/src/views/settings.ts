import { AccountClient } from '../../../client-sdk/account.ts';
import type { SessionDto, UserDto } from '../../../schema/accounts.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { explain } from './auth.ts';
import { attempt } from './section.ts';

/** `/settings`: the address and its verification, sessions on other devices, export, deletion. */
export function settingsView(ctx: AppContext, main: HTMLElement): () => void {
  if (!ctx.user()) {
    replace(main, h('section', { class: 'panel' }, h('h1', {}, 'Settings'), h('p', {}, 'Sign in first.')));
    return () => undefined;
  }
  const account = new AccountClient(ctx.rookery);
  const emailPart = h('section', { class: 'panel', 'aria-labelledby': 'email-title' });
  const sessionsPart = h('section', { class: 'panel', 'aria-labelledby': 'sessions-title' });
  const dataPart = h('section', { class: 'panel', 'aria-labelledby': 'data-title' });
  replace(main, h('h1', {}, 'Settings'), emailPart, sessionsPart, dataPart);

  const showEmail = (user: UserDto) => {
    const error = h('p', { class: 'error', role: 'alert' });
    const address = h('input', {
      id: 'email-new',
      type: 'email',
      autocomplete: 'email',
      value: user.email ?? '',
    });
    const password = h('input', { id: 'email-password', type: 'password', autocomplete: 'current-password' });
    const state = user.email
      ? `${user.email} — ${user.emailVerified ? 'verified' : 'not verified yet: follow the link mailed to it'}`
      : 'No address: add one to be able to reset a forgotten password.';
    const form: HTMLFormElement = h(
      'form',
      {
        onsubmit: async (event: Event) => {
          event.preventDefault();
          if (
            await attempt(form, error, async () =>
              showEmail(await account.changeEmail(address.value || null, password.value)),
            )
          )
            return;
        },
      },
      h('p', { class: 'field' }, h('label', { for: address.id }, 'New address'), address),
      h('p', { class: 'field' }, h('label', { for: password.id }, 'Password'), password),
      h('button', { type: 'submit' }, 'Change the address'),
    );
    replace(
      emailPart,
      h('h2', { id: 'email-title' }, 'Email address'),
      h('p', { class: 'email-state' }, state),
      user.email && !user.emailVerified
        ? h(
            'button',
            {
              type: 'button',
              onclick: () =>
                attempt(emailPart, error, async () => {
                  await account.resendVerification();
                  error.textContent = 'A new link is on its way.';
                }),
            },
            'Send the link again',
          )
        : null,
      user.guest ? h('p', {}, 'Guests have no address: sign up first.') : form,
      error,
    );
  };

  const showSessions = (sessions: SessionDto[]) => {
    const error = h('p', { class: 'error', role: 'alert' });
    const row = (s: SessionDto) =>
      h(
        'li',
        { class: 'session', 'data-session': s.id },
        h('span', {}, s.userAgent ?? 'an unknown device', s.current ? ' (this device)' : ''),
        h(
          'span',
          { class: 'muted' },
          ` · ${s.ip ?? '?'} · last used ${new Date(s.lastUsedAt).toLocaleString()}`,
        ),
        s.current
          ? null
          : h(
              'button',
              {
                type: 'button',
                class: 'link',
                onclick: () =>
                  attempt(sessionsPart, error, async () => {
                    await account.endSession(s.id);
                    showSessions(await account.sessions());
                  }),
              },
              'Sign out',
            ),
      );
    replace(
      sessionsPart,
      h('h2', { id: 'sessions-title' }, 'Where you are signed in'),
      h('ul', { class: 'sessions' }, sessions.map(row)),
      sessions.length > 1
        ? h(
            'button',
            {
              type: 'button',
              onclick: () =>
                attempt(sessionsPart, error, async () => {
                  await account.endOtherSessions();
                  showSessions(await account.sessions());
                }),
            },
            'Sign out everywhere else',
          )
        : null,
      error,
    );
  };

  const showData = () => {
    const error = h('p', { class: 'error', role: 'alert' });
    const password = h('input', {
      id: 'delete-password',
      type: 'password',
      autocomplete: 'current-password',
    });
    const download = h(
      'button',
      {
        type: 'button',
        onclick: () =>
          attempt(dataPart, error, async () => {
            const data = await account.exportData();
            const url = URL.createObjectURL(
              new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }),
            );
            const link = h('a', { href: url, download: `rookery-${data.profile.username}.json` });
            link.click();
            setTimeout(() => URL.revokeObjectURL(url), 1000);
          }),
      },
      'Download my data',
    );
    const form: HTMLFormElement = h(
      'form',
      {
        class: 'danger',
        onsubmit: async (event: Event) => {
          event.preventDefault();
          if (
            !confirm('Delete your account for good? Your games stay for your opponents, as "deleted user".')
          )
            return;
          const ok = await attempt(form, error, () =>
            account.deleteAccount(ctx.user()?.guest ? undefined : password.value),
          );
          if (ok) {
            ctx.sessionChanged();
            ctx.navigate('/');
          }
        },
      },
      ctx.user()?.guest
        ? null
        : h('p', { class: 'field' }, h('label', { for: password.id }, 'Password'), password),
      h('button', { type: 'submit' }, 'Delete my account'),
    );
    replace(
      dataPart,
      h('h2', { id: 'data-title' }, 'Your data'),
      download,
      h('h3', {}, 'Leave'),
      form,
      error,
    );
  };

  let alive = true;
  Promise.all([ctx.rookery.me(), account.sessions()]).then(
    ([user, sessions]) => {
      if (!alive) return;
      showEmail(user);
      showSessions(sessions);
      showData();
    },
    (err) => {
      if (alive) replace(emailPart, h('p', { role: 'alert' }, explain(err)));
    },
  );
  return () => {
    alive = false;
  };
}
