/**
 * What the rounds of a tournament's log were for each player, and the events of a result in a
 * round played by all at once: the common ground of the formats that play rounds (swiss, round
 * robin, knockout, groups). Pure, like the log.
 */
import { type PlayerRecord, type RoundEntry, UNPLAYED_POINTS } from './crosstable.ts';
import {
  currentRound,
  type GameResult,
  playerOf,
  type Round,
  type Tournament,
  type TournamentEvent,
} from './tournament.ts';

/** What round `r` was for `userId`: a game, a forfeit, or a bye (absent: a zero-point bye). */
export function roundEntry(r: Round, userId: string): RoundEntry {
  for (const b of r.boards) {
    const colour = b.white === userId ? 'white' : b.black === userId ? 'black' : null;
    if (!colour) continue;
    const opponent = colour === 'white' ? b.black : b.white;
    const points = b.result ? b.result[colour] : 0;
    if (b.result && !b.result.forfeit) return { played: true, opponent, colour, points };
    const kind = points > 0 ? 'forfeit-win' : 'forfeit-loss';
    return { played: false, kind, opponent, colour, points };
  }
  const bye = r.byes.find((b) => b.userId === userId);
  const kind = bye?.kind ?? 'zero-bye';
  return { played: false, kind, opponent: null, colour: null, points: UNPLAYED_POINTS[kind] };
}

/** Each player's rounds so far (rounds being played count only their results already in). */
export function records(t: Tournament): PlayerRecord[] {
  const done = t.rounds.filter((r) => r.ended);
  return t.players.map((p) => ({
    id: p.userId,
    rating: p.rating,
    rounds: done.map((r) => roundEntry(r, p.userId)),
  }));
}

/**
 * The result of the game `gameId` of the round being played, and the end of the round when it was
 * its last: nothing when the game is not the round's or its result is already in (a repeated report).
 */
export function roundResultEvents(
  t: Tournament,
  gameId: string,
  result: GameResult,
  at: number,
): TournamentEvent[] {
  const round = currentRound(t);
  const board = round?.boards.findIndex((b) => b.gameId === gameId) ?? -1;
  if (!round || board < 0 || round.boards[board]!.result) return [];
  const events: TournamentEvent[] = [{ type: 'result', at, round: round.round, board, gameId, result }];
  const rest = round.boards.filter((b, i) => i !== board && !b.result);
  if (rest.length === 0) events.push({ type: 'round-ended', at, round: round.round });
  return events;
}

/** A round's boards (a board with its result already: a forfeit) and the players it gives a bye. */
export type Paired = Omit<Extract<TournamentEvent, { type: 'round-paired' }>, 'type' | 'at' | 'round'>;

/**
 * Round `round` of a format that counts its rounds: its pairing, or the finish after the last
 * round, with fewer than two players left, or when no pairing is possible (`pair` gives null).
 */
export function countedRound(
  t: Tournament,
  round: number,
  at: number,
  pair: () => Paired | null,
): TournamentEvent[] {
  const finished: TournamentEvent = { type: 'finished', at, reason: 'completed' };
  if (round > (t.totalRounds ?? 0)) return [finished];
  const active = t.seeds.filter((id) => !playerOf(t, id)?.withdrawn);
  if (active.length < 2) return [finished];
  const paired = pair();
  return paired ? [{ type: 'round-paired', at, round, ...paired }] : [finished];
}
