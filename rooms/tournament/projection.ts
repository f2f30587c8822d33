import { ArraySchema } from '@colyseus/schema';
import {
  TournamentBoardState,
  TournamentStandingState,
  type TournamentState,
} from '../../schema/tournament.state.ts';
import { startTimeOf } from '../../server/domain/tournaments/start-time.ts';
import type { GameResult, Tournament } from '../../server/domain/tournaments/tournament.ts';
import { standingsOf } from '../../server/domain/tournaments/tournament-rules.ts';
import { projectArena } from './arena-projection.ts';
import { projectBracket } from './bracket-projection.ts';

const point = (p: number) => (p === 0.5 ? '½' : String(p));

/** A result as the boards show it: `1-0`, `½-½`, and `1F-0F` for a forfeit; a table's places. */
export function resultText(r: GameResult | null): string {
  if (!r) return '';
  const f = r.forfeit ? 'F' : '';
  if (r.table) return r.table.places.map((p) => `${p}${f}`).join('-');
  return `${point(r.white)}${f}-${point(r.black)}${f}`;
}

/**
 * Shows the tournament in the synced state: its settings, the standings, the current round's
 * boards, a knockout's bracket and an arena's clock and players. Rows are updated in place, so a patch carries only what changed.
 */
export function project(state: TournamentState, t: Tournament, now: number): void {
  Object.assign(state, {
    tournamentId: t.id,
    name: t.settings.name,
    format: t.settings.format,
    game: t.settings.game,
    status: t.status,
    paused: t.staff.pausedAt !== null,
    endedEarly: t.staff.endedEarlyAt !== null,
    startsAt: startTimeOf(t) ?? 0,
    round: t.rounds.at(-1)?.round ?? 0,
    totalRounds: t.totalRounds ?? 0,
    players: t.players.filter((p) => !p.withdrawn).length,
  });
  if (state.tieBreaks.length !== t.settings.tieBreaks.length)
    state.tieBreaks = new ArraySchema(...t.settings.tieBreaks);
  const players = new Map(t.players.map((p) => [p.userId, p]));
  const rows = standingsOf(t);
  sizeTo(state.standings, rows.length, () => new TournamentStandingState());
  rows.forEach((row, i) => {
    const p = players.get(row.id)!;
    const into = state.standings[i]!;
    Object.assign(into, { rank: row.rank, userId: row.id, name: p.name, rating: p.rating, score: row.score });
    into.withdrawn = p.withdrawn;
    into.disqualified = t.staff.disqualified.includes(row.id);
    const values = t.settings.tieBreaks.map((tb) => row.tieBreaks[tb] ?? 0);
    if (values.some((v, k) => into.tieBreaks[k] !== v)) into.tieBreaks = new ArraySchema(...values);
  });
  const boards = t.rounds.at(-1)?.boards ?? [];
  sizeTo(state.boards, boards.length, () => new TournamentBoardState());
  boards.forEach((b, i) => {
    Object.assign(state.boards[i]!, {
      white: b.white,
      black: b.black,
      gameId: b.gameId ?? '',
      result: resultText(b.result),
      match: b.match?.id ?? '',
    });
    const seats = state.boards[i]!.seats;
    if (seats.length !== (b.seats?.length ?? 0) || b.seats?.some((id, k) => seats[k] !== id))
      state.boards[i]!.seats = new ArraySchema(...(b.seats ?? []));
  });
  projectBracket(state, t);
  projectArena(state, t, now);
}

function sizeTo<T>(list: ArraySchema<T>, size: number, make: () => T): void {
  while (list.length > size) list.pop();
  while (list.length < size) list.push(make());
}
