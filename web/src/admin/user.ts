import { h, replace } from '../dom.ts';
import { type AdminApi, type UserDetail, when } from './api.ts';
import { actionForm, failed, table } from './ui.ts';

/** `/admin/users/:name`: one user's account, moderation, sessions, games, notes and audit trail. */
export function userPage(api: AdminApi, root: HTMLElement, username: string): void {
  const path = `/users/${encodeURIComponent(username)}`;
  const load = async () => {
    let detail: UserDetail;
    try {
      detail = await api.get<UserDetail>(path);
    } catch (err) {
      replace(root, h('h1', {}, username), failed(err));
      return;
    }
    const { user } = detail;
    const reload = () => void load();
    const post = (action: string, body: object) => api.act('POST', `${path}/${action}`, body);
    const minutes = { name: 'minutes', label: 'Minutes (empty: until lifted)', type: 'number' };
    const state = [
      user.banned
        ? h(
            'p',
            { class: 'admin-flag banned', 'data-state': 'banned' },
            `Banned${user.bannedUntil ? ` until ${when(user.bannedUntil)}` : ''}: ${user.banReason ?? ''}`,
          )
        : h('p', { 'data-state': 'active' }, 'Not banned'),
      user.muted
        ? h('p', { class: 'admin-flag', 'data-state': 'muted' }, `Muted until ${when(user.mutedUntil)}`)
        : null,
      user.passwordChangeRequired ? h('p', { class: 'admin-flag' }, 'Must set a new password') : null,
    ];
    const actions = h(
      'div',
      { class: 'admin-actions' },
      user.banned
        ? actionForm({
            label: 'Unban',
            name: 'unban',
            run: (v) => post('unban', { reason: v.reason }),
            done: reload,
          })
        : actionForm({
            label: 'Ban',
            name: 'ban',
            danger: true,
            extra: [minutes],
            run: (v) =>
              post('ban', { reason: v.reason, ...(v.minutes ? { minutes: Number(v.minutes) } : {}) }),
            done: reload,
          }),
      user.muted
        ? actionForm({
            label: 'Unmute',
            name: 'unmute',
            run: (v) => post('unmute', { reason: v.reason }),
            done: reload,
          })
        : actionForm({
            label: 'Mute',
            name: 'mute',
            extra: [{ name: 'minutes', label: 'Minutes', type: 'number', required: true }],
            run: (v) => post('mute', { reason: v.reason, minutes: Number(v.minutes) }),
            done: reload,
          }),
      actionForm({
        label: 'Kick from every room',
        name: 'kick',
        run: (v) => post('kick', { reason: v.reason }),
        done: reload,
      }),
      actionForm({
        label: 'Revoke all sessions',
        name: 'revoke-sessions',
        run: (v) => post('revoke-sessions', { reason: v.reason }),
        done: reload,
      }),
      user.guest
        ? null
        : actionForm({
            label: 'Force a password change',
            name: 'require-password-change',
            run: (v) => post('require-password-change', { reason: v.reason }),
            done: reload,
          }),
    );
    const note = h(
      'form',
      { class: 'row' },
      h('input', { name: 'body', placeholder: 'a note for staff', 'aria-label': 'Note', required: true }),
      h('button', { type: 'submit' }, 'Add note'),
    );
    note.addEventListener('submit', async (event) => {
      event.preventDefault();
      const body = String(new FormData(note).get('body') ?? '');
      await api.act('POST', `${path}/notes`, { body }).then(reload, (err) => note.append(failed(err)));
    });
    replace(
      root,
      h('h1', { 'data-username': user.username }, user.username),
      h(
        'section',
        { class: 'panel' },
        h(
          'p',
          {},
          `${user.email ?? (user.guest ? 'guest' : 'no email')} · ${user.roles.join(', ')} · created ${when(user.createdAt)} · last seen ${when(detail.lastSeenAt)}`,
        ),
        state,
        actions,
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Sessions'),
        table(
          ['Started', 'Last used', 'Ended'],
          detail.sessions.map((s) => [
            when(s.startedAt),
            when(s.lastUsedAt),
            s.endedAt ? `${when(s.endedAt)} (${s.endReason})` : 'live',
          ]),
          'Sessions',
        ),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Games'),
        table(
          ['Game', 'Status', 'Started'],
          detail.games.map((g) => [
            h('a', { href: `/games/${g.id}` }, g.id),
            g.result ?? g.status,
            when(g.startedAt),
          ]),
          'Games',
        ),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Notes'),
        detail.notes.map((n) => h('p', {}, `${when(n.at)} ${n.author ?? ''}: ${n.body}`)),
        note,
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Audit trail'),
        table(
          ['When', 'Action', 'Details'],
          detail.audit.map((e) => [when(e.at), e.action, e.details ? JSON.stringify(e.details) : '']),
          'Audit trail',
        ),
      ),
    );
  };
  replace(root, h('p', { role: 'status' }, 'Loading…'));
  void load();
}
