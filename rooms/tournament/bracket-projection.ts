import type { ArraySchema } from '@colyseus/schema';
import { TournamentMatchState, type TournamentState } from '../../schema/tournament.state.ts';
import { knockoutView } from '../../server/domain/tournaments/formats.ts';
import { BRACKET_STATUS } from '../../server/domain/tournaments/knockout-rules.ts';
import type { Tournament } from '../../server/domain/tournaments/tournament.ts';

/**
 * Shows a knockout's bracket in the synced state: every match with its players, score and
 * status, and the game it is at, so a player finds their current match. Rows are updated in
 * place (a patch carries what changed); other formats have none.
 */
export function projectBracket(state: TournamentState, t: Tournament): void {
  const view = knockoutView(t);
  const matches = view ? [...view.matches.values()] : [];
  sizeTo(state.matches, matches.length, () => new TournamentMatchState());
  matches.forEach((m, i) => {
    const { view: v } = m;
    const on = m.games.find((g) => !g.at.result);
    Object.assign(state.matches[i]!, {
      id: v.match.id,
      part: v.match.part,
      round: v.match.round,
      a: v.a ?? '',
      b: v.b ?? '',
      scoreA: m.score[0],
      scoreB: m.score[1],
      status: BRACKET_STATUS[v.status],
      winner: typeof v.winner === 'string' ? v.winner : '',
      game: on?.game ?? m.next?.game ?? 0,
    });
  });
}

function sizeTo<T>(list: ArraySchema<T>, size: number, make: () => T): void {
  while (list.length > size) list.pop();
  while (list.length < size) list.push(make());
}
