import type { OnlinePlayer } from '../../../schema/lobby.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { rated } from '../rating-text.ts';
import { livePath } from '../router.ts';
import { attempt, redraw, type Section } from './section.ts';

/** Enough names for a page; the count says how many more there are. */
const SHOWN = 100;

/** A count beside a heading (`data-count` for tests), rewritten only when it changes. */
function countBadge() {
  const el = h('span', { class: 'count', 'data-count': '0' }, '0');
  const show = (n: number) => {
    const text = String(n);
    if (el.textContent === text) return;
    el.textContent = text;
    el.dataset.count = text;
  };
  return { el, show };
}

type Person = Pick<OnlinePlayer, 'userId' | 'name' | 'guest' | 'status' | 'gameId'> & { game?: string };

/**
 * One person online: idle (a button to challenge them) or playing (a link to watch, to the page
 * of the game's kind: `watchPath`).
 */
function personItem(
  p: Person,
  me: string | undefined,
  challenge: (username: string) => void,
  watchPath: (p: Person) => string,
) {
  return h(
    'li',
    { 'data-username': p.name, 'data-status': p.status },
    h('span', { class: 'member-name' }, p.name, p.guest ? ' (guest)' : '', p.userId === me ? ' (you)' : ''),
    p.status === 'playing'
      ? [
          h('span', { class: 'badge' }, 'playing'),
          p.gameId ? h('a', { href: watchPath(p), 'aria-label': `Watch ${p.name}` }, 'watch') : null,
        ]
      : [
          h('span', { class: 'badge' }, 'idle'),
          p.userId === me
            ? null
            : h(
                'button',
                { type: 'button', class: 'link', onclick: () => challenge(p.name) },
                `Challenge ${p.name}`,
              ),
        ],
  );
}

/**
 * Who is online (idle, or playing with a link to watch) and a button to challenge whoever is
 * idle; `challenge` puts their name in the challenge form. The lobby lists the first hundred or
 * so; a search finds anyone online by name (a page at a time from the lobby).
 */
export function onlineList(ctx: AppContext, challenge: (username: string) => void): Section {
  const count = countBadge();
  const list = h('ul', { class: 'people', 'aria-label': 'Players online' });
  const found = h('ul', { class: 'people found', 'aria-label': 'Players found' });
  const error = h('p', { class: 'error', role: 'alert' });
  const query = h('input', { id: 'people-q', type: 'search', maxlength: 64, autocomplete: 'off' });
  const me = ctx.user()?.id;
  // A player's entry says which game they play; from an older server, the live games listed do,
  // and a game listed nowhere is chess's page.
  const watchPath = (p: Person) =>
    livePath(p.game || ctx.lobby.lobby?.state?.games?.get(p.gameId)?.game || 'chess', p.gameId);
  const el = h(
    'section',
    { class: 'panel online', 'aria-labelledby': 'online-h' },
    h('h2', { id: 'online-h' }, 'Online ', count.el),
    list,
    h(
      'form',
      {
        class: 'people-search',
        role: 'search',
        'aria-label': 'Find a player online',
        onsubmit: (event: Event) => {
          event.preventDefault();
          void attempt(el, error, async () => {
            const lobby = ctx.lobby.lobby;
            if (!lobby) throw new Error('Not connected to the lobby yet.');
            const page = await lobby.onlinePage({ query: query.value.trim() });
            replace(
              found,
              ...(page.players.length === 0
                ? [h('li', {}, 'Nobody online by that name.')]
                : page.players.map((p) => personItem(p, me, challenge, watchPath))),
            );
          });
        },
      },
      h('label', { for: 'people-q' }, 'Find a player'),
      query,
      h('button', { type: 'submit' }, 'Search'),
    ),
    error,
    found,
  );
  return {
    el,
    update: () => {
      const state = ctx.lobby.lobby?.state;
      if (!state?.online) return;
      const n = state.onlineCount;
      count.show(n);
      const people = [...state.online.values()]
        .sort((a, b) => Number(b.userId === me) - Number(a.userId === me) || a.name.localeCompare(b.name))
        .slice(0, SHOWN);
      const more = Math.max(0, n - people.length);
      const key = JSON.stringify([more, people.map((p) => [p.userId, p.name, p.guest, p.status, p.gameId])]);
      redraw(list, key, () => [
        ...people.map((p) => personItem(p as Person, me, challenge, watchPath)),
        more > 0 ? h('li', {}, `and ${more} more`) : null,
      ]);
    },
  };
}

/** A game's name as a person reads it. */
const gameName = (game: string) => game[0]!.toUpperCase() + game.slice(1);

/**
 * The games being played on the server, of any game, newest first (the lobby lists the hundred
 * most recent and counts them all): a click watches one.
 */
export function liveGames(ctx: AppContext): Section {
  const count = countBadge();
  const list = h('ul', { class: 'game-list live-games', 'aria-label': 'Live games' });
  const el = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'live-h' },
    h('h2', { id: 'live-h' }, 'Live games ', count.el),
    list,
  );
  return {
    el,
    update: () => {
      const state = ctx.lobby.lobby?.state;
      if (!state?.games) return;
      const games = [...state.games.values()].sort((a, b) => b.startedAt - a.startedAt).slice(0, SHOWN);
      count.show(Math.max(state.gamesCount ?? 0, state.games.size));
      const line = (g: (typeof games)[number]) => {
        const side = (p: typeof g.white) =>
          p.bot ? `Computer (${p.bot})` : rated(p.name, p.rating, p.provisional);
        // A game listed before it named itself is chess, with its two sides.
        const game = g.game || 'chess';
        const players = g.players?.length ? [...g.players] : [g.white, g.black];
        const kind = g.rated ? 'rated' : 'casual';
        return game === 'chess'
          ? `${players.map(side).join(' – ')} · ${g.timeControl} ${kind}`
          : `${gameName(game)} · ${players.map(side).join(', ')} · ${kind}`;
      };
      redraw(list, JSON.stringify(games.map((g) => [g.gameId, g.game, line(g)])), () =>
        games.length === 0
          ? h('li', {}, 'No games right now.')
          : games.map((g) =>
              h(
                'li',
                { 'data-game-id': g.gameId, 'data-game': g.game || 'chess' },
                h('a', { href: livePath(g.game || 'chess', g.gameId) }, line(g)),
              ),
            ),
      );
    },
  };
}
