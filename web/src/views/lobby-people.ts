import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';
import { rated } from '../rating-text.ts';
import { gamePath, livePath } from '../router.ts';
import { redraw, type Section } from './section.ts';

/** Enough names for a page; the count says how many more there are. */
const SHOWN = 100;

/**
 * Who is online (idle, or playing with a link to watch) and a button to challenge whoever is
 * idle; `challenge` puts their name in the challenge form.
 */
export function onlineList(ctx: AppContext, challenge: (username: string) => void): Section {
  const count = h('span', { class: 'count', 'data-count': '0' }, '0');
  const list = h('ul', { class: 'people', 'aria-label': 'Players online' });
  const el = h(
    'section',
    { class: 'panel online', 'aria-labelledby': 'online-h' },
    h('h2', { id: 'online-h' }, 'Online ', count),
    list,
  );
  const me = ctx.user()?.id;
  return {
    el,
    update: () => {
      const state = ctx.lobby.lobby?.state;
      if (!state?.online) return;
      const n = state.onlineCount;
      if (count.textContent !== String(n)) {
        count.textContent = String(n);
        count.dataset.count = String(n);
      }
      const people = [...state.online.values()]
        .sort((a, b) => Number(b.userId === me) - Number(a.userId === me) || a.name.localeCompare(b.name))
        .slice(0, SHOWN);
      const key = JSON.stringify(people.map((p) => [p.userId, p.name, p.guest, p.status, p.gameId]));
      redraw(list, key, () => [
        ...people.map((p) =>
          h(
            'li',
            { 'data-username': p.name, 'data-status': p.status },
            h(
              'span',
              { class: 'member-name' },
              p.name,
              p.guest ? ' (guest)' : '',
              p.userId === me ? ' (you)' : '',
            ),
            p.status === 'playing'
              ? [
                  h('span', { class: 'badge' }, 'playing'),
                  p.gameId
                    ? h('a', { href: gamePath(p.gameId), 'aria-label': `Watch ${p.name}` }, 'watch')
                    : null,
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
          ),
        ),
        state.online.size > SHOWN ? h('li', {}, `and ${state.online.size - SHOWN} more`) : null,
      ]);
    },
  };
}

/** A game's name as a person reads it. */
const gameName = (game: string) => game[0]!.toUpperCase() + game.slice(1);

/** Every game being played on the server, of any game, newest first: a click watches it. */
export function liveGames(ctx: AppContext): Section {
  const list = h('ul', { class: 'game-list live-games', 'aria-label': 'Live games' });
  const el = h(
    'section',
    { class: 'panel', 'aria-labelledby': 'live-h' },
    h('h2', { id: 'live-h' }, 'Live games'),
    list,
  );
  return {
    el,
    update: () => {
      const state = ctx.lobby.lobby?.state;
      if (!state?.games) return;
      const games = [...state.games.values()].sort((a, b) => b.startedAt - a.startedAt).slice(0, SHOWN);
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
