import { adminApi } from '../admin/api.ts';
import { auditPage } from '../admin/audit.ts';
import { gamesPage } from '../admin/games.ts';
import { systemPage } from '../admin/system.ts';
import { tournamentPage, tournamentsPage } from '../admin/tournaments.ts';
import { userPage } from '../admin/user.ts';
import { usersPage } from '../admin/users.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import type { AdminPage } from '../router.ts';
import { authPanel, explain } from './auth.ts';

const isStaff = (roles: readonly string[]) => roles.includes('moderator') || roles.includes('admin');

/**
 * `/admin/*`: the console for moderators and admins. It first opens the browser admin session
 * (a cookie the server checks for these pages and the monitor); what each may do is checked by
 * the server on every call.
 */
export function adminView(ctx: AppContext, main: HTMLElement, page: AdminPage, name?: string): () => void {
  const user = ctx.user();
  if (!user) {
    replace(
      main,
      h('h1', {}, 'Staff sign-in'),
      authPanel(ctx, () => ctx.navigate(location.pathname)),
    );
    return () => undefined;
  }
  if (!isStaff(user.roles)) {
    replace(
      main,
      h('h1', {}, 'Forbidden'),
      h('p', { role: 'alert' }, 'This console is for moderators and admins.'),
    );
    return () => undefined;
  }
  const api = adminApi(ctx);
  const content = h('div', { class: 'admin-page' });
  const link = (href: string, label: string, current: boolean) =>
    h('a', { href, ...(current ? { 'aria-current': 'page' } : {}) }, label);
  replace(
    main,
    h(
      'nav',
      { class: 'admin-nav', 'aria-label': 'Console' },
      link('/admin/users', 'Users', page === 'users' || page === 'user'),
      link('/admin/games', 'Games', page === 'games'),
      link('/admin/tournaments', 'Tournaments', page === 'tournaments' || page === 'tournament'),
      link('/admin/system', 'System', page === 'system'),
      user.roles.includes('admin') ? link('/admin/audit', 'Audit log', page === 'audit') : null,
      // The monitor is the server's own page, not the app's: a full navigation.
      user.roles.includes('admin')
        ? h('a', { href: '/admin/monitor/', 'data-external': 'true', target: '_self' }, 'Monitor')
        : null,
    ),
    content,
  );
  api.openSession().then(
    () => {
      if (page === 'user' && name) userPage(api, content, name);
      else if (page === 'games') gamesPage(api, content);
      else if (page === 'tournaments') tournamentsPage(api, content);
      else if (page === 'tournament' && name) tournamentPage(api, content, name);
      else if (page === 'system') systemPage(api, content);
      else if (page === 'audit') auditPage(api, content);
      else usersPage(api, content);
    },
    (err) => replace(content, h('p', { class: 'error', role: 'alert' }, explain(err))),
  );
  return () => undefined;
}
