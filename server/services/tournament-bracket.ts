import type {
  BracketDto,
  BracketMatchDto,
  BracketRoundDto,
  BracketSlotDto,
} from '../../schema/tournaments.ts';
import type { Source } from '../domain/tournaments/bracket.ts';
import type { Slot } from '../domain/tournaments/bracket-state.ts';
import { knockoutView } from '../domain/tournaments/formats.ts';
import { BRACKET_STATUS, type KnockoutMatch } from '../domain/tournaments/knockout-rules.ts';
import type { Tournament } from '../domain/tournaments/tournament.ts';

/** A knockout's bracket as `GET /api/tournaments/:id` shows it: null before the start. */
export function bracketDto(t: Tournament): BracketDto | null {
  const view = knockoutView(t);
  if (!view) return null;
  const names = new Map(t.players.map((p) => [p.userId, p.name]));
  const slot = (s: Slot, from: Source): BracketSlotDto => {
    if (typeof s === 'string')
      return { kind: 'player', userId: s, name: names.get(s) ?? '', seed: view.seeds.indexOf(s) + 1 };
    if (s === null || from.kind === 'seed') return { kind: 'bye' };
    return { kind: 'pending', from: from.kind, match: from.match };
  };
  const match = (m: KnockoutMatch): BracketMatchDto => {
    const { view: v } = m;
    return {
      id: v.match.id,
      a: slot(v.a, v.match.a),
      b: slot(v.b, v.match.b),
      status: BRACKET_STATUS[v.status],
      score: { a: m.score[0], b: m.score[1] },
      games: m.games.map((g) => ({
        game: g.game,
        kind: g.kind,
        round: g.round,
        board: g.board,
        gameId: g.at.gameId,
        white: g.at.white,
        black: g.at.black,
        result: g.at.result,
      })),
      winner: typeof v.winner === 'string' ? v.winner : null,
      decidedBy: m.decidedBy,
    };
  };
  const rounds: BracketRoundDto[] = [];
  for (const m of view.matches.values()) {
    const { part, round } = m.view.match;
    let into = rounds.at(-1);
    if (into?.part !== part || into.round !== round) {
      into = { part, round, matches: [] };
      rounds.push(into);
    }
    into.matches.push(match(m));
  }
  return {
    elimination: view.options.elimination,
    size: view.bracket.size,
    rounds,
    champion: view.state.champion,
  };
}
