/**
 * What may happen next in a tournament, and the events that say it: joining, withdrawing, asking
 * for a half-point bye, the start (seeding by rating), each round's pairing by the tournament's
 * format, and results. Every function takes the tournament as its log made it (`tournament.ts`)
 * and the time, and returns events to append or a refusal; nothing here reads a clock.
 */
import type { ErrorCode } from '../../../schema/errors.ts';
import { arenaJoin, arenaPause, arenaResultEvents, arenaStandings } from './arena-rules.ts';
import { type PlayerRecord, type RoundEntry, UNPLAYED_POINTS } from './crosstable.ts';
import { knockoutPairing, knockoutResultEvents, knockoutStandings } from './knockout-rules.ts';
import { bergerTable } from './round-robin.ts';
import { seedByRating } from './seeding.ts';
import { type StandingRow, standings } from './standings.ts';
import { pairDutch } from './swiss/dutch.ts';
import type { SwissEntrant, SwissRound } from './swiss/swiss-player.ts';
import { tablesPairing, tablesStandings } from './tables-rules.ts';
import {
  currentRound,
  type GameResult,
  playerOf,
  type Round,
  type Tournament,
  type TournamentEvent,
} from './tournament.ts';

export type Decision =
  | { ok: true; events: TournamentEvent[] }
  | { ok: false; code: ErrorCode; message: string };

const no = (code: ErrorCode, message: string): Decision => ({ ok: false, code, message });
const yes = (...events: TournamentEvent[]): Decision => ({ ok: true, events });

/** A player enters: before the start, or (swiss) late, with zero-point byes for the rounds missed. */
export function join(
  t: Tournament,
  who: { userId: string; name: string; guest: boolean; rating: number },
  at: number,
): Decision {
  if (t.status === 'finished') return no('TOURNAMENT_FINISHED', 'the tournament is over');
  const arena = t.settings.format === 'arena' ? arenaJoin(t, who.userId, at) : null;
  if (arena) return arena;
  if (t.status === 'running' && t.settings.format !== 'swiss' && t.settings.format !== 'arena')
    return no('TOURNAMENT_STARTED', `a ${t.settings.format} takes no late entries`);
  const entered = playerOf(t, who.userId);
  if (entered && !entered.withdrawn) return no('ALREADY_JOINED', 'you are in this tournament');
  if (entered) return no('TOURNAMENT_STARTED', 'a withdrawal after the start is final');
  if (who.guest && t.settings.rated)
    return no('RATED_NEEDS_ACCOUNT', 'a rated tournament is for players with an account');
  if (t.players.length >= t.settings.capacity)
    return no('TOURNAMENT_FULL', `the tournament takes ${t.settings.capacity} players`);
  return yes({ type: 'joined', at, ...who });
}

export function withdraw(t: Tournament, userId: string, at: number): Decision {
  if (t.status === 'finished') return no('TOURNAMENT_FINISHED', 'the tournament is over');
  if (t.settings.format === 'arena' && t.status === 'running') return arenaPause(t, userId, at);
  const entered = playerOf(t, userId);
  if (!entered || entered.withdrawn) return no('NOT_JOINED', 'you are not in this tournament');
  return yes({ type: 'withdrew', at, userId });
}

/** A half-point bye asked in advance, for a swiss round not yet paired. */
export function requestBye(t: Tournament, userId: string, round: number, at: number): Decision {
  if (t.settings.format !== 'swiss') return no('BYE_NOT_ALLOWED', 'only a swiss gives half-point byes');
  if (t.status === 'finished') return no('TOURNAMENT_FINISHED', 'the tournament is over');
  const entered = playerOf(t, userId);
  if (!entered || entered.withdrawn) return no('NOT_JOINED', 'you are not in this tournament');
  const paired = currentRound(t)?.round ?? 0;
  if (round <= paired) return no('BYE_NOT_ALLOWED', `round ${round} is already paired`);
  if (t.totalRounds !== null && round > t.totalRounds)
    return no('BYE_NOT_ALLOWED', `the tournament has ${t.totalRounds} rounds`);
  if (entered.byes.includes(round)) return no('BYE_NOT_ALLOWED', `you already asked for round ${round}`);
  return yes({ type: 'bye-requested', at, userId, round });
}

/**
 * The start: players seeded by rating; with fewer than two, the tournament ends unplayed (an
 * arena starts all the same: players may join until its end).
 */
export function start(t: Tournament, at: number): Decision {
  if (t.status !== 'upcoming') return no('TOURNAMENT_STARTED', 'the tournament has started');
  if (t.players.length < 2 && t.settings.format !== 'arena')
    return yes({ type: 'finished', at, reason: 'too-few-players' });
  const seeds = seedByRating(t.players.map((p) => ({ id: p.userId, rating: p.rating }))).map((e) => e.id);
  // A knockout plays as many rounds as its matches need: one game of each match a round.
  const { format } = t.settings;
  const totalRounds =
    format === 'swiss' || format === 'tables'
      ? (t.settings.rounds ?? 1)
      : format === 'knockout' || format === 'arena'
        ? null
        : bergerTable(seeds.length, { double: t.settings.double }).length;
  return yes({ type: 'started', at, seeds, totalRounds });
}

/** The next round's pairing, or the end when every round is played (or no pairing remains). */
export function pairNextRound(t: Tournament, at: number): Decision {
  const last = currentRound(t);
  if (t.status !== 'running') return no('TOURNAMENT_FINISHED', 'the tournament is not running');
  if (last && !last.ended) return no('TOURNAMENT_STARTED', `round ${last.round} is being played`);
  const round = (last?.round ?? 0) + 1;
  const finished: TournamentEvent = { type: 'finished', at, reason: 'completed' };
  if (t.settings.format === 'knockout') {
    const boards = knockoutPairing(t);
    return boards.length === 0 ? yes(finished) : yes({ type: 'round-paired', at, round, boards, byes: [] });
  }
  if (round > (t.totalRounds ?? 0)) return yes(finished);
  const active = t.seeds.filter((id) => !playerOf(t, id)?.withdrawn);
  if (active.length < 2) return yes(finished);
  if (t.settings.format === 'tables') {
    const boards = tablesPairing(t);
    return boards ? yes({ type: 'round-paired', at, round, boards, byes: [] }) : yes(finished);
  }
  const paired = t.settings.format === 'swiss' ? swissRound(t, round) : roundRobinRound(t, round);
  if (!paired) return yes(finished);
  return yes({ type: 'round-paired', at, round, ...paired });
}

type Paired = Omit<Extract<TournamentEvent, { type: 'round-paired' }>, 'type' | 'at' | 'round'>;

function swissRound(t: Tournament, round: number): Paired | null {
  const number = (id: string) => t.seeds.indexOf(id) + 1;
  const absentKind = (id: string) => {
    const p = playerOf(t, id)!;
    if (p.withdrawn) return 'zero-bye' as const;
    return p.byes.includes(round) ? ('half-bye' as const) : null;
  };
  const entrants: SwissEntrant[] = t.seeds.map((id) => ({
    id: number(id),
    rating: playerOf(t, id)!.rating,
    rounds: t.rounds.map((r) => swissEntry(roundEntry(r, id), number)),
    absent: absentKind(id) !== null,
  }));
  const initialColour = 'white';
  const paired = pairDutch({ entrants, round, totalRounds: t.totalRounds ?? round, initialColour });
  if (!paired.ok) return null;
  const idOf = (n: number) => t.seeds[n - 1]!;
  const byes: Paired['byes'] = t.seeds.flatMap((id) => {
    const kind = absentKind(id);
    return kind ? [{ userId: id, kind }] : [];
  });
  if (paired.pairing.bye !== null) byes.push({ userId: idOf(paired.pairing.bye), kind: 'pairing-bye' });
  const boards = paired.pairing.boards.map((b) => ({ white: idOf(b.white), black: idOf(b.black) }));
  return { boards, byes };
}

function roundRobinRound(t: Tournament, round: number): Paired {
  const table = bergerTable(t.seeds.length, { double: t.settings.double });
  const { boards, bye } = table[round - 1]!;
  const idOf = (n: number) => t.seeds[n - 1]!;
  const gone = (id: string) => playerOf(t, id)!.withdrawn;
  return {
    boards: boards.map((b) => {
      const white = idOf(b.white);
      const black = idOf(b.black);
      // A withdrawn player's remaining games are lost by forfeit, and not played.
      if (!gone(white) && !gone(black)) return { white, black };
      return {
        white,
        black,
        result: { white: gone(white) ? 0 : 1, black: gone(black) ? 0 : 1, forfeit: true },
      };
    }),
    byes: bye === null ? [] : [{ userId: idOf(bye), kind: 'zero-bye' }],
  };
}

/**
 * The result of the game `gameId`, and the end of its round when it was the last: nothing when
 * the game is not the tournament's or its result is already in (a repeated report).
 */
export function recordResult(
  t: Tournament,
  gameId: string,
  result: GameResult,
  at: number,
): TournamentEvent[] {
  if (t.settings.format === 'arena') return arenaResultEvents(t, gameId, result, at);
  const round = currentRound(t);
  const board = round?.boards.findIndex((b) => b.gameId === gameId) ?? -1;
  if (!round || board < 0 || round.boards[board]!.result) return [];
  const events: TournamentEvent[] = [{ type: 'result', at, round: round.round, board, gameId, result }];
  const rest = round.boards.filter((b, i) => i !== board && !b.result);
  if (rest.length === 0) events.push({ type: 'round-ended', at, round: round.round });
  return t.settings.format === 'knockout' ? knockoutResultEvents(t, events, at) : events;
}

/** A round whose every board had its result when it was paired (forfeits only) ends at once. */
export function endIfDone(t: Tournament, at: number): TournamentEvent[] {
  const round = currentRound(t);
  if (!round || round.ended || round.boards.some((b) => !b.result)) return [];
  return [{ type: 'round-ended', at, round: round.round }];
}

/**
 * A game's result from its seats' scores (seat 0 is white): none at all is lost by both. What an
 * arena game reports besides (each side's moves, who went berserk) is kept for its scoring.
 */
export function gameResult(
  scores: ReadonlyArray<{ seat: number; score: number; moves?: number; berserk?: boolean }>,
): GameResult {
  const white = scores.find((s) => s.seat === 0);
  const black = scores.find((s) => s.seat === 1);
  if (white === undefined || black === undefined) return { white: 0, black: 0, forfeit: true };
  const result: GameResult = { white: white.score, black: black.score, forfeit: false };
  if (white.berserk !== undefined || black.berserk !== undefined)
    result.berserk = { white: white.berserk ?? false, black: black.berserk ?? false };
  if (white.moves !== undefined || black.moves !== undefined)
    result.moves = { white: white.moves ?? 0, black: black.moves ?? 0 };
  return result;
}

/** A game nobody played because `absent` did not take their seats: they lose it. */
export function forfeitResult(white: string, black: string, absent: readonly string[]): GameResult {
  return { white: absent.includes(white) ? 0 : 1, black: absent.includes(black) ? 0 : 1, forfeit: true };
}

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

function swissEntry(e: RoundEntry, number: (id: string) => number): SwissRound {
  if (e.played) return { kind: 'game', opponent: number(e.opponent), colour: e.colour, points: e.points };
  const opponent = e.opponent === null ? null : number(e.opponent);
  return { kind: e.kind, opponent, colour: e.colour, points: e.points };
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

/** The standings by score, then the tournament's tie-breaks (a knockout's: by the stage reached). */
export function standingsOf(t: Tournament): StandingRow[] {
  if (t.settings.format === 'knockout') return knockoutStandings(t);
  if (t.settings.format === 'arena') return arenaStandings(t);
  if (t.settings.format === 'tables') return tablesStandings(t);
  return standings(records(t), t.settings.tieBreaks);
}
