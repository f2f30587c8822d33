import type { Color } from '../../../schema/chess.ts';
import type { CurrentGameDto, GamePageDto, GameSummaryDto } from '../../../schema/games.ts';
import { describeResult, OUTCOME_WORDS, outcomeFor } from '../chess-text.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { gamePath, livePath, replayPath, tournamentPath } from '../router.ts';
import { authPanel } from './auth.ts';
import { lobbyPanels } from './lobby.ts';

/**
 * `/`: sign in; then the lobby — quick pairing by time control, the computer and a friend (each
 * a small dialog), challenges, then seeks, who is online, live games and the party (tabs on a
 * phone), the chat — and one's own games.
 */
export function homeView(ctx: AppContext, main: HTMLElement): () => void {
  const user = ctx.user();
  if (!user) {
    replace(
      main,
      h(
        'section',
        { class: 'panel intro' },
        h('h1', {}, 'Play chess'),
        h('p', {}, 'Against players of your strength, a friend, a party of friends, or the computer.'),
        authPanel(ctx, () => ctx.navigate('/')),
      ),
    );
    return () => undefined;
  }

  const current = h('ul', { class: 'game-list', 'aria-label': 'Games in progress' });
  const recent = h('ul', { class: 'game-list', 'aria-label': 'Recent games' });
  const lobby = lobbyPanels(ctx);
  // Games to go back to come first; the panel shows only when there is one.
  const currentPanel = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'current-h', hidden: true },
    h('h2', { id: 'current-h' }, 'Your games in progress'),
    current,
  );

  replace(
    main,
    h('h1', { class: 'visually-hidden' }, 'Play chess'),
    lobby.banner,
    h('div', { class: 'lobby-top' }, lobby.quickPlay, lobby.start),
    lobby.challenges,
    currentPanel,
    lobby.tabs,
    lobby.chat,
    user.guest
      ? h(
          'section',
          { class: 'panel' },
          h('h2', {}, 'Keep your account'),
          authPanel(ctx, () => ctx.navigate('/')),
        )
      : null,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'recent-h' },
      h('h2', { id: 'recent-h' }, 'Your recent games'),
      recent,
    ),
  );

  void fillLists(ctx, user, current, recent);
  return () => lobby.stop();
}

function summaryLine(game: GameSummaryDto): string {
  const { white, black } = game.players;
  const result =
    game.status === 'ended' ? ` · ${describeResult(game.result ?? '*', game.termination ?? '')}` : '';
  return `${white.name} – ${black.name} · ${game.timeControl}${result}`;
}

/** A finished game in "Your recent games": first how it went for the viewer (won, lost, drawn). */
function recentGame(game: GameSummaryDto, userId: string): HTMLElement {
  const color: Color | undefined =
    game.players.white.userId === userId
      ? 'white'
      : game.players.black.userId === userId
        ? 'black'
        : undefined;
  const outcome = color ? outcomeFor(game.result, color) : undefined;
  return h(
    'li',
    { 'data-game-id': game.id, 'data-outcome': outcome ?? 'none' },
    outcome ? h('span', { class: `outcome ${outcome}` }, OUTCOME_WORDS[outcome]) : null,
    h('a', { href: replayPath(game.id) }, summaryLine(game)),
    game.tournamentId
      ? [' · ', h('a', { href: tournamentPath(game.tournamentId), class: 'from-tournament' }, 'tournament')]
      : null,
  );
}

async function fillLists(
  ctx: AppContext,
  { username, id: userId }: { username: string; id: string },
  current: HTMLElement,
  recent: HTMLElement,
) {
  try {
    const { games } = await ctx.rookery.authed<{ games: CurrentGameDto[] }>('GET', '/api/me/games/current');
    current.closest('section')?.toggleAttribute('hidden', games.length === 0);
    replace(
      current,
      games.length === 0
        ? h('li', {}, 'None.')
        : games.map((g) =>
            h(
              'li',
              {},
              g.game === 'golf'
                ? h('a', { href: livePath('golf', g.id) }, 'Golf table')
                : h(
                    'a',
                    { href: gamePath(g.id) },
                    `${g.color} against ${g.opponent.name} · ${g.timeControl}`,
                  ),
            ),
          ),
    );
  } catch {
    replace(current, h('li', {}, 'Could not load your games.'));
  }
  try {
    const page = await ctx.get<GamePageDto>(`/api/users/${encodeURIComponent(username)}/games?limit=10`);
    const ended = page.games.filter((g) => g.status === 'ended');
    replace(recent, ended.length === 0 ? h('li', {}, 'None yet.') : ended.map((g) => recentGame(g, userId)));
  } catch {
    replace(recent, h('li', {}, 'Could not load your games.'));
  }
}
