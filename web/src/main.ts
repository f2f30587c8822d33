import 'chessground/assets/chessground.base.css';
import 'chessground/assets/chessground.brown.css';
import 'chessground/assets/chessground.cburnett.css';
import './style.css';
import { type AppContext, createContext } from './context.ts';
import { byId, h, replace } from './dom.ts';
import { parseRoute } from './router.ts';
import { friendsView, inboxView } from './views/friends.ts';
import { gameView } from './views/game.ts';
import { homeView } from './views/home.ts';
import { resetPasswordView, verifyEmailView } from './views/mail-links.ts';
import { partyJoinView } from './views/party-join.ts';
import { replayView } from './views/replay.ts';
import { settingsView } from './views/settings.ts';

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
      'span',
      { class: 'who', 'data-username': user.username },
      user.displayName || user.username,
      user.guest ? ' (guest)' : '',
    ),
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
  const route = parseRoute(location.pathname);
  if (route.view === 'home') leaveView = homeView(ctx, main);
  else if (route.view === 'game') leaveView = gameView(ctx, main, route.id);
  else if (route.view === 'replay') leaveView = replayView(ctx, main, route.id);
  else if (route.view === 'party') leaveView = partyJoinView(ctx, main, route.code);
  else if (route.view === 'settings') leaveView = settingsView(ctx, main);
  else if (route.view === 'friends') leaveView = friendsView(ctx, main);
  else if (route.view === 'inbox') leaveView = inboxView(ctx, main, () => refreshBell(ctx));
  else if (route.view === 'verify-email') leaveView = verifyEmailView(ctx, main);
  else if (route.view === 'reset-password') leaveView = resetPasswordView(ctx, main);
  else {
    leaveView = () => undefined;
    replace(main, h('h1', {}, 'Nothing here'), h('p', {}, h('a', { href: '/' }, 'Back to the start')));
  }
}

const ctx = createContext({
  navigate: (path, replace) => {
    if (replace) history.replaceState(null, '', path);
    else if (path !== location.pathname) history.pushState(null, '', path);
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
  ctx.navigate(link.pathname);
});
window.addEventListener('popstate', () => render(ctx));

renderAccount(ctx);
render(ctx);
performance.mark('rookery:rendered');
