import 'chessground/assets/chessground.base.css';
import 'chessground/assets/chessground.brown.css';
import 'chessground/assets/chessground.cburnett.css';
import './style.css';
import './lobby.css';
import './board.css';
import './golf.css';
import { type AppContext, createContext } from './context.ts';
import { byId, h, replace } from './dom.ts';
import { profilePath } from './profile-link.ts';
import { parseRoute } from './router.ts';
import { adminView } from './views/admin.ts';
import { friendsView, inboxView } from './views/friends.ts';
import { gameView } from './views/game.ts';
import { golfTableView } from './views/golf-table.ts';
import { headerRating } from './views/header-rating.ts';
import { homeView } from './views/home.ts';
import { leaderboardView } from './views/leaderboard.ts';
import { resetPasswordView, verifyEmailView } from './views/mail-links.ts';
import { partyJoinView } from './views/party-join.ts';
import { profileView } from './views/profile.ts';
import { replayView } from './views/replay.ts';
import { settingsView } from './views/settings.ts';
import { tournamentView } from './views/tournament.ts';
import { tournamentFormView } from './views/tournament-form.ts';
import { tournamentsView } from './views/tournaments.ts';

const main = byId('main');
const account = byId('account');
let leaveView: () => void = () => undefined;

/** The notification bell: the unread count of the inbox, a link to it. */
const bell = h('a', { href: '/inbox', class: 'bell', 'aria-label': 'Notifications' }, 'Inbox');
function refreshBell(ctx: AppContext): void {
  ctx.rookery.authed<{ unread: number }>('GET', '/api/me/notifications?limit=1&unread=true').then(
    ({ unread }) => {
      bell.textContent = unread > 0 ? `Inbox ${unread}` : 'Inbox';
      bell.classList.toggle('unread', unread > 0);
      bell.setAttribute('aria-label', `Notifications: ${unread} unread`);
    },
    () => undefined,
  );
}

function renderAccount(ctx: AppContext): void {
  const user = ctx.user();
  if (!user) {
    replace(account);
    return;
  }
  refreshBell(ctx);
  replace(
    account,
    h(
      'a',
      { class: 'who', 'data-username': user.username, href: profilePath(user.username) },
      user.displayName || user.username,
      user.guest ? h('span', { class: 'guest-mark' }, ' (guest)') : null,
    ),
    user.roles.includes('moderator') || user.roles.includes('admin')
      ? h('a', { href: '/admin', class: 'link', 'data-staff': 'true' }, 'Admin')
      : null,
    headerRating(ctx, user),
    bell,
    user.guest ? null : h('a', { href: '/friends' }, 'Friends'),
    h('a', { href: '/settings' }, 'Settings'),
    h(
      'button',
      {
        type: 'button',
        class: 'link',
        onclick: async () => {
          await ctx.rookery.logout().catch(() => undefined);
          ctx.sessionChanged();
          ctx.navigate('/');
        },
      },
      'Log out',
    ),
  );
}

function render(ctx: AppContext): void {
  leaveView();
  document.title = 'Rookery';
  const route = parseRoute(location.pathname);
  if (route.view === 'home') leaveView = homeView(ctx, main);
  else if (route.view === 'game')
    leaveView = route.game === 'golf' ? golfTableView(ctx, main, route.id) : gameView(ctx, main, route.id);
  else if (route.view === 'replay') leaveView = replayView(ctx, main, route.id);
  else if (route.view === 'party') leaveView = partyJoinView(ctx, main, route.code);
  else if (route.view === 'admin') leaveView = adminView(ctx, main, route.page, route.name);
  else if (route.view === 'profile') leaveView = profileView(ctx, main, route.username);
  else if (route.view === 'leaderboards') leaveView = leaderboardView(ctx, main, route.id);
  else if (route.view === 'tournaments') leaveView = tournamentsView(ctx, main);
  else if (route.view === 'tournament-new') leaveView = tournamentFormView(ctx, main);
  else if (route.view === 'tournament') leaveView = tournamentView(ctx, main, route.id);
  else if (route.view === 'settings') leaveView = settingsView(ctx, main);
  else if (route.view === 'friends') leaveView = friendsView(ctx, main);
  else if (route.view === 'inbox') leaveView = inboxView(ctx, main, () => refreshBell(ctx));
  else if (route.view === 'verify-email') leaveView = verifyEmailView(ctx, main);
  else if (route.view === 'reset-password') leaveView = resetPasswordView(ctx, main);
  else {
    leaveView = () => undefined;
    document.title = 'Page not found · Rookery';
    replace(
      main,
      h(
        'section',
        { class: 'panel not-found' },
        h('h1', {}, 'Page not found'),
        h('p', {}, 'There is no page at this address.'),
        h('p', {}, h('a', { href: '/' }, 'Back to the start')),
      ),
    );
  }
}

const ctx = createContext({
  navigate: (path, replace) => {
    if (replace) history.replaceState(null, '', path);
    else if (path !== location.pathname + location.search) history.pushState(null, '', path);
    render(ctx);
    main.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  },
  sessionChanged: () => renderAccount(ctx),
});

// Links within the app change the view without reloading the page (and so keep the rooms).
document.addEventListener('click', (event) => {
  const link = (event.target as Element | null)?.closest?.('a');
  if (
    !link ||
    event.defaultPrevented ||
    event.button !== 0 ||
    event.metaKey ||
    event.ctrlKey ||
    event.shiftKey
  )
    return;
  if (link.origin !== location.origin || link.hasAttribute('download') || link.target) return;
  if (parseRoute(link.pathname).view === 'not-found') return;
  event.preventDefault();
  ctx.navigate(link.pathname + link.search);
});
window.addEventListener('popstate', () => render(ctx));

/** Dark mode, in the header on every page: remembered for this browser. */
function themeToggle(ctx: AppContext): HTMLElement {
  const button = h('button', {
    type: 'button',
    id: 'theme-toggle',
    class: 'link',
    onclick: () => {
      ctx.prefs.set({ theme: ctx.prefs.get().theme === 'dark' ? 'light' : 'dark' });
      show();
    },
  });
  const show = () => {
    const dark = ctx.prefs.get().theme === 'dark';
    button.setAttribute('aria-pressed', String(dark));
    replace(button, dark ? '☾' : '☀', h('span', { class: 'theme-word' }, dark ? ' Dark' : ' Light'));
    button.setAttribute('aria-label', 'Dark mode');
  };
  show();
  return button;
}

account.before(themeToggle(ctx));
renderAccount(ctx);
render(ctx);
performance.mark('rookery:rendered');
