import type { ChessGameClient } from '../../../client-sdk/chess.ts';
import type { BotLevel, Color } from '../../../schema/chess.ts';
import type { CurrentGameDto, GamePageDto, GameSummaryDto } from '../../../schema/games.ts';
import { describeResult, OUTCOME_WORDS, outcomeFor, TIME_CONTROLS } from '../chess-text.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { gamePath, replayPath } from '../router.ts';
import { authPanel, explain } from './auth.ts';
import { lobbyPanels } from './lobby.ts';

function select(id: string, label: string, options: [string, string][], chosen: string) {
  const el = h(
    'select',
    { id, name: id },
    options.map(([value, text]) => h('option', { value, selected: value === chosen }, text)),
  );
  return { el, row: h('p', { class: 'field' }, h('label', { for: id }, label), el) };
}

const COLORS: [string, string][] = [
  ['', 'Random'],
  ['white', 'White'],
  ['black', 'Black'],
];

/**
 * `/`: sign in; then the lobby (quick play by queue, the party, seeks, challenges, who is online,
 * live games, chat), the computer, and one's own games.
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

  const error = h('p', { class: 'error', role: 'alert' });
  const starting = (open: () => Promise<ChessGameClient>) => async () => {
    error.textContent = '';
    for (const b of main.querySelectorAll<HTMLButtonElement>('.start button')) b.disabled = true;
    try {
      const game = await open();
      ctx.navigate(gamePath(game.gameId), { game });
    } catch (err) {
      error.textContent = explain(err);
      for (const b of main.querySelectorAll<HTMLButtonElement>('.start button')) b.disabled = false;
    }
  };

  const level = select(
    'bot-level',
    'Computer',
    [
      ['greedy', 'Greedy (takes what it can)'],
      ['random', 'Random mover'],
    ],
    'greedy',
  );
  const botColor = select('bot-color', 'Your colour', COLORS, 'white');
  const botTime = select(
    'bot-time',
    'Time control',
    TIME_CONTROLS.map((t) => [t, t]),
    '10+0',
  );

  const current = h('ul', { class: 'game-list', 'aria-label': 'Games in progress' });
  const recent = h('ul', { class: 'game-list', 'aria-label': 'Recent games' });
  const lobby = lobbyPanels(ctx);

  replace(
    main,
    h('h1', {}, 'Play chess'),
    lobby.banner,
    error,
    h(
      'div',
      { class: 'lobby-grid' },
      lobby.quickPlay,
      lobby.party,
      lobby.online,
      lobby.games,
      lobby.seeks,
      lobby.challenges,
      h(
        'section',
        { class: 'panel start', 'aria-labelledby': 'bot-h' },
        h('h2', { id: 'bot-h' }, 'Play the computer'),
        level.row,
        botColor.row,
        botTime.row,
        h(
          'p',
          { class: 'row' },
          h(
            'button',
            {
              type: 'button',
              id: 'bot-start',
              onclick: starting(() =>
                ctx.chess.vsBot({
                  level: level.el.value as BotLevel,
                  timeControl: botTime.el.value,
                  ...(botColor.el.value ? { color: botColor.el.value as Color } : {}),
                }),
              ),
            },
            'Play the computer',
          ),
        ),
      ),
      lobby.chat,
    ),
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
      { class: 'panel', 'aria-labelledby': 'current-h' },
      h('h2', { id: 'current-h' }, 'Your games in progress'),
      current,
    ),
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
    replace(
      current,
      games.length === 0
        ? h('li', {}, 'None.')
        : games.map((g) =>
            h(
              'li',
              {},
              h('a', { href: gamePath(g.id) }, `${g.color} against ${g.opponent.name} · ${g.timeControl}`),
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
