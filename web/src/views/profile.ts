import { CATEGORIES } from '../../../schema/chess.ts';
import type { ProfileDto } from '../../../schema/leaderboards.ts';
import type { AppContext } from '../context.ts';
import { h, replace } from '../dom.ts';
import { countryLabel, playerName } from '../profile-link.ts';
import { ratingChart } from '../rating-chart.ts';
import { replayPath } from '../router.ts';
import { explain } from './auth.ts';
import '../leaderboards.css';

const OUTCOME = { win: 'Won', loss: 'Lost', draw: 'Draw' } as const;

/** `/@/:username`: a player's ratings, rating history, ranks, recent games and country. */
export function profileView(ctx: AppContext, main: HTMLElement, username: string): () => void {
  replace(main, h('p', { class: 'status', role: 'status' }, 'Loading the profile…'));
  let left = false;
  ctx.get<ProfileDto>(`/api/users/${encodeURIComponent(username)}`).then(
    (profile) => {
      if (!left) replace(main, render(profile));
    },
    (err) => {
      if (!left)
        replace(main, h('h1', {}, username), h('p', { class: 'error', role: 'alert' }, explain(err)));
    },
  );
  return () => {
    left = true;
  };
}

function render(p: ProfileDto): HTMLElement {
  const ratings = h(
    'table',
    { class: 'ratings' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Category'), h('th', {}, 'Rating'), h('th', {}, 'Games'))),
    h(
      'tbody',
      {},
      CATEGORIES.map((c) => {
        const r = p.ratings[c];
        return h(
          'tr',
          { 'data-category': c },
          h('th', { scope: 'row' }, c),
          h(
            'td',
            {},
            `${r.rating}`,
            r.provisional ? h('abbr', { title: 'provisional: too few games yet' }, '?') : null,
          ),
          h('td', {}, String(r.games)),
        );
      }),
    ),
  );
  const ranks = p.ranks.length
    ? h(
        'ul',
        { class: 'ranks' },
        p.ranks.map((r) =>
          h(
            'li',
            { 'data-board': r.board },
            h(
              'a',
              { href: `/leaderboards/${r.board}?view=around&player=${encodeURIComponent(p.username)}` },
              r.title,
            ),
            ` #${r.rank} of ${r.total} · ${r.value}`,
          ),
        ),
      )
    : h('p', { class: 'muted' }, 'Not on any leaderboard yet.');
  const games = p.recentResults.length
    ? h(
        'ul',
        { class: 'recent-results' },
        p.recentResults.map((g) =>
          h(
            'li',
            { 'data-outcome': g.outcome ?? 'none' },
            h('span', { class: `outcome ${g.outcome ?? 'none'}` }, g.outcome ? OUTCOME[g.outcome] : '—'),
            ' against ',
            g.opponents.flatMap((name, i) => [
              i > 0 ? ', ' : null,
              playerName(name, { bot: name === 'Bot' }),
            ]),
            ` · ${g.pool}${g.rated ? ' rated' : ''}`,
            g.ratingDiff ? ` · ${g.ratingDiff > 0 ? '+' : ''}${g.ratingDiff}` : '',
            ' · ',
            h('a', { href: replayPath(g.gameId) }, new Date(g.endedAt).toLocaleDateString()),
          ),
        ),
      )
    : h('p', { class: 'muted' }, 'No finished games yet.');
  return h(
    'section',
    { class: 'profile', 'aria-labelledby': 'profile-title' },
    h(
      'h1',
      { id: 'profile-title' },
      p.displayName ? `${p.displayName} ` : '',
      h('span', { class: 'username' }, `@${p.username}`),
    ),
    h('p', { class: 'muted' }, [
      p.country ? h('span', { class: 'country', 'data-country': p.country }, countryLabel(p.country)) : null,
      p.country ? ' · ' : null,
      p.guest ? 'Guest · ' : null,
      `Joined ${new Date(p.createdAt).toLocaleDateString()}`,
    ]),
    h('div', { class: 'profile-grid' }, [
      h('div', {}, h('h2', {}, 'Ratings'), ratings),
      h('div', {}, h('h2', {}, 'Ranks'), ranks),
    ]),
    h('h2', {}, 'Rating history'),
    p.ratingHistory.length ? ratingChart(p.ratingHistory) : h('p', { class: 'muted' }, 'No rated games yet.'),
    h('h2', {}, 'Recent games'),
    games,
  );
}
