import { h, replace } from '../dom.ts';
import { type AdminApi, type UserListItem, when } from './api.ts';
import { failed, table } from './ui.ts';

/** `/admin/users`: search users by name or email, with role and ban filters. */
export function usersPage(api: AdminApi, root: HTMLElement): void {
  const results = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'row', role: 'search' },
    h('input', { name: 'q', type: 'search', placeholder: 'name or email', 'aria-label': 'Search users' }),
    h(
      'select',
      { name: 'role', 'aria-label': 'Role' },
      h('option', { value: '' }, 'any role'),
      ['user', 'moderator', 'admin'].map((r) => h('option', { value: r }, r)),
    ),
    h(
      'select',
      { name: 'banned', 'aria-label': 'Ban' },
      h('option', { value: '' }, 'banned or not'),
      h('option', { value: 'true' }, 'banned'),
      h('option', { value: 'false' }, 'not banned'),
    ),
    h('button', { type: 'submit' }, 'Search'),
  );
  const search = async () => {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form).entries()) if (value) params.set(key, String(value));
    try {
      const { users } = await api.get<{ users: UserListItem[] }>(`/users?${params}`);
      replace(
        results,
        users.length === 0
          ? h('p', {}, 'No user matches.')
          : table(
              ['Name', 'Email', 'Created', 'Last seen', 'Role', 'Ban'],
              users.map((u) => [
                h(
                  'a',
                  { href: `/admin/users/${encodeURIComponent(u.username)}`, 'data-user': u.username },
                  u.username,
                ),
                u.email ?? (u.guest ? 'guest' : '—'),
                when(u.createdAt),
                when(u.lastSeenAt),
                u.roles.filter((r) => r !== 'user').join(', ') || 'player',
                u.banned
                  ? `banned${u.bannedUntil ? ` until ${when(u.bannedUntil)}` : ''}`
                  : u.muted
                    ? 'muted'
                    : '—',
              ]),
              'Users',
            ),
      );
    } catch (err) {
      replace(results, failed(err));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search();
  });
  replace(root, h('h1', {}, 'Users'), form, results);
  void search();
}
