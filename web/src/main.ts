import 'chessground/assets/chessground.base.css';
import 'chessground/assets/chessground.brown.css';
import 'chessground/assets/chessground.cburnett.css';
import './style.css';
import { type AppContext, createContext } from './context.ts';
import { byId, h, replace } from './dom.ts';
import { parseRoute } from './router.ts';
import { adminView } from './views/admin.ts';
import { gameView } from './views/game.ts';
import { homeView } from './views/home.ts';
import { partyJoinView } from './views/party-join.ts';
import { replayView } from './views/replay.ts';

const main = byId('main');
const account = byId('account');
let leaveView: () => void = () => undefined;

function renderAccount(ctx: AppContext): void {
  const user = ctx.user();
  if (!user) {
    replace(account);
    return;
  }
  replace(
    account,
    h(
      'span',
      { class: 'who', 'data-username': user.username },
      user.displayName || user.username,
      user.guest ? ' (guest)' : '',
    ),
    user.roles.includes('moderator') || user.roles.includes('admin')
      ? h('a', { href: '/admin', class: 'link', 'data-staff': 'true' }, 'Admin')
      : null,
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
  else if (route.view === 'admin') leaveView = adminView(ctx, main, route.page, route.name);
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
