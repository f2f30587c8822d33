import 'chessground/assets/chessground.base.css';
import 'chessground/assets/chessground.brown.css';
import 'chessground/assets/chessground.cburnett.css';
import './style.css';
import { type AppContext, createContext } from './context.ts';
import { byId, h, replace } from './dom.ts';
import { profilePath } from './profile-link.ts';
import { parseRoute } from './router.ts';
import { gameView } from './views/game.ts';
import { headerRating } from './views/header-rating.ts';
import { homeView } from './views/home.ts';
import { leaderboardView } from './views/leaderboard.ts';
import { partyJoinView } from './views/party-join.ts';
import { profileView } from './views/profile.ts';
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
      'a',
      { class: 'who', 'data-username': user.username, href: profilePath(user.username) },
      user.displayName || user.username,
      user.guest ? ' (guest)' : '',
    ),
    headerRating(ctx, user),
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
  else if (route.view === 'profile') leaveView = profileView(ctx, main, route.username);
  else if (route.view === 'leaderboards') leaveView = leaderboardView(ctx, main, route.id);
  else {
    leaveView = () => undefined;
    replace(main, h('h1', {}, 'Nothing here'), h('p', {}, h('a', { href: '/' }, 'Back to the start')));
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

renderAccount(ctx);
render(ctx);
performance.mark('rookery:rendered');
