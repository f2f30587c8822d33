import type { RoundDto } from '../../../schema/tournaments.ts';
import { h } from '../dom.ts';
import { playerName } from '../profile-link.ts';
import { livePath, replayPath } from '../router.ts';
import { ordinal, points } from '../tournament-text.ts';

/**
 * Every round of a tournament of tables, the latest first: its tables, each with its players (in
 * seat order while played; by place, with their points, once its result is in) and a link to its
 * game; a player who did not come is marked so.
 */
export function tablesList(
  rounds: RoundDto[],
  game: string,
  names: Map<string, string>,
  me: string | undefined,
): HTMLElement {
  if (rounds.length === 0)
    return h('p', { class: 'muted' }, 'The tables are seated when the tournament starts.');
  const name = (id: string) => playerName(names.get(id) ?? '?');
  const shown = [...rounds].reverse().map((r) => {
    const playing = r.boards.some((b) => !b.result);
    return h(
      'section',
      { class: 'round', 'data-round': r.round },
      h('h3', {}, `Round ${r.round}`, h('span', { class: 'muted' }, playing ? ' · playing' : '')),
      h(
        'ol',
        { class: 'tables' },
        r.boards.map((b, i) => {
          const seats = b.table?.seats ?? [b.white, b.black];
          const placings = b.table?.placings;
          const mine = !!me && seats.includes(me);
          const link =
            !b.gameId || b.result?.forfeit
              ? null
              : b.result
                ? replayPath(b.gameId)
                : livePath(game, b.gameId);
          const rows = placings
            ? [...placings].sort((x, y) => x.place - y.place)
            : seats.map((userId) => ({ userId, place: 0, points: 0, absent: false }));
          return h(
            'li',
            {
              class: `table-card${mine ? ' me' : ''}`,
              'data-table': i,
              'data-game': b.gameId ?? '',
              'data-done': placings ? 'yes' : 'no',
            },
            h(
              'p',
              { class: 'table-head' },
              h('span', { class: 'table-no' }, `Table ${i + 1}`),
              link
                ? h(
                    'a',
                    {
                      class: 'game-link',
                      href: link,
                      'aria-label': `Table ${i + 1}: ${b.result ? 'the game' : mine ? 'play your game' : 'watch the game'}`,
                    },
                    b.result ? 'Game' : mine ? 'Play' : 'Watch',
                  )
                : h('span', { class: 'muted' }, b.result ? 'not played' : '…'),
            ),
            h(
              'ol',
              { class: 'table-seats' },
              rows.map((p) =>
                h(
                  'li',
                  { class: p.userId === me ? 'me' : '', 'data-user': p.userId, 'data-place': p.place || '' },
                  h('span', { class: 'place' }, p.place ? ordinal(p.place) : ''),
                  h('span', { class: 'player' }, name(p.userId)),
                  p.absent ? h('span', { class: 'muted' }, ' did not come') : null,
                  h('span', { class: 'num points' }, placings ? points(p.points) : ''),
                ),
              ),
            ),
          );
        }),
      ),
    );
  });
  return h('div', { class: 'rounds' }, shown);
}
