import { type LiveBracket, stageOf } from '../bracket-live.ts';
import { stageWords } from '../bracket-text.ts';
import { h } from '../dom.ts';
import { playerName } from '../profile-link.ts';
import { ratingText } from '../rating-text.ts';
import { points } from '../tournament-text.ts';
import type { Standing } from './tournament-parts.ts';

/**
 * A knockout's standings: the place as the API ranks it (by the stage reached; the players still
 * in share the first), the stage in words from the bracket (or from `outside`, for a player not
 * in it), and the points of the player's games.
 */
export function knockoutStandingsTable(
  s: Standing,
  bracket: LiveBracket | null,
  me: string | undefined,
  /** Where a player not in the bracket stands (a groups-knockout's groups), in words. */
  outside: (userId: string) => string | null = () => null,
) {
  if (s.rows.length === 0) return h('p', { class: 'muted' }, 'Nobody has joined yet.');
  const seeds = new Map<string, number>();
  for (const r of bracket?.rounds ?? [])
    for (const m of r.matches)
      for (const side of [m.a, m.b]) if (side.kind === 'player') seeds.set(side.userId, side.seed);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'standings tournament-standings knockout-standings' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col', class: 'num' }, '#'),
          h('th', { scope: 'col' }, 'Player'),
          h('th', { scope: 'col', class: 'num rating' }, 'Rating'),
          h('th', { scope: 'col' }, 'Stage'),
          h('th', { scope: 'col', class: 'num' }, h('abbr', { title: 'Points over their games' }, 'Pts')),
        ),
      ),
      h(
        'tbody',
        {},
        s.rows.map((r) => {
          const stage = bracket ? stageOf(bracket, r.userId) : null;
          const seed = seeds.get(r.userId);
          return h(
            'tr',
            {
              class: [r.userId === me ? 'me' : '', stage?.kind === 'out' ? 'out' : '']
                .filter(Boolean)
                .join(' '),
              'data-user': r.userId,
              'data-name': r.name,
              'data-rank': r.rank,
              'data-score': r.score,
              'data-stage': stage?.kind ?? '',
            },
            h('td', { class: 'num' }, String(r.rank)),
            h(
              'td',
              { class: 'player' },
              seed ? h('span', { class: 'seed', title: `Seed ${seed}` }, String(seed)) : null,
              playerName(r.name),
              r.withdrawn ? h('span', { class: 'muted' }, ' (withdrawn)') : null,
            ),
            h('td', { class: 'num rating' }, ratingText(r.rating)),
            h('td', { class: 'stage' }, (!stage && outside(r.userId)) || stageWords(stage)),
            h('td', { class: 'num score' }, points(r.score)),
          );
        }),
      ),
    ),
  );
}
