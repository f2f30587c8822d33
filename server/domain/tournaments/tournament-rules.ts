/**
 * What may happen next in a tournament, and the events that say it: joining, withdrawing, asking
 * for a half-point bye, the start (seeding by rating), each round's pairing by the tournament's
 * format, and results. Every function takes the tournament as its log made it (`tournament.ts`)
 * and the time, and returns events to append or a refusal; nothing here reads a clock.
 */
import type { ErrorCode } from '../../../schema/errors.ts';
import { formatOf } from './formats.ts';
import { seedByRating } from './seeding.ts';
import type { StandingRow } from './standings.ts';
import {
  applyEvent,
  currentRound,
  type GameResult,
  playerOf,
  type Tournament,
  type TournamentEvent,
} from './tournament.ts';

export type Decision =
  | { ok: true; events: TournamentEvent[] }
  | { ok: false; code: ErrorCode; message: string };

const no = (code: ErrorCode, message: string): Decision => ({ ok: false, code, message });
const yes = (...events: TournamentEvent[]): Decision => ({ ok: true, events });

/** Who asks to enter: their rating in the tournament's pool, and whether it is still provisional. */
export interface Entrant {
  userId: string;
  name: string;
  guest: boolean;
  rating: number;
  provisional?: boolean;
}

/**
 * Why `who` may not enter a tournament with rating limits, or null. As on Lichess, a limit needs a
 * rating to judge by: a guest has none, and a provisional rating (a new player's default, or one
 * from too few games) is not one yet, so both are refused by a tournament with any limit.
 */
export function ratingRefusal(t: Tournament, who: Entrant): Decision | null {
  const { ratingMin: min, ratingMax: max } = t.settings;
  if (min === undefined && max === undefined) return null;
  const limits =
    min === undefined ? `${max} or less` : max === undefined ? `${min} or more` : `${min} to ${max}`;
  const refuse = (why: string) =>
    no('TOURNAMENT_RATING_LIMIT', `the tournament is for ratings of ${limits}: ${why}`);
  if (who.guest) return refuse('a guest has no rating');
  if (who.provisional) return refuse('yours is still provisional');
  if ((min !== undefined && who.rating < min) || (max !== undefined && who.rating > max))
    return refuse(`yours is ${who.rating}`);
  return null;
}

/** A player enters: before the start, or late where the format takes late entries (within its rating limits). */
export function join(t: Tournament, entrant: Entrant, at: number): Decision {
  const { provisional: _provisional, ...who } = entrant;
  if (t.status === 'finished') return no('TOURNAMENT_FINISHED', 'the tournament is over');
  const format = formatOf(t);
  const own = format.enter?.(t, who.userId, at);
  if (own) return own;
  if (t.status === 'running' && !format.lateEntries)
    return no('TOURNAMENT_STARTED', `${format.called} takes no late entries`);
  const entered = playerOf(t, who.userId);
  if (entered && !entered.withdrawn) return no('ALREADY_JOINED', 'you are in this tournament');
  if (entered) return no('TOURNAMENT_STARTED', 'a withdrawal after the start is final');
  if (who.guest && t.settings.rated)
    return no('RATED_NEEDS_ACCOUNT', 'a rated tournament is for players with an account');
  const outside = ratingRefusal(t, entrant);
  if (outside) return outside;
  if (t.players.length >= t.settings.capacity)
    return no('TOURNAMENT_FULL', `the tournament takes ${t.settings.capacity} players`);
  return yes({ type: 'joined', at, ...who });
}

export function withdraw(t: Tournament, userId: string, at: number): Decision {
  if (t.status === 'finished') return no('TOURNAMENT_FINISHED', 'the tournament is over');
  const leave = formatOf(t).leaveRunning;
  if (leave && t.status === 'running') return leave(t, userId, at);
  const entered = playerOf(t, userId);
  if (!entered || entered.withdrawn) return no('NOT_JOINED', 'you are not in this tournament');
  return yes({ type: 'withdrew', at, userId });
}

/** A half-point bye asked in advance, for a round not yet paired (a swiss's). */
export function requestBye(t: Tournament, userId: string, round: number, at: number): Decision {
  if (!formatOf(t).halfPointByes) return no('BYE_NOT_ALLOWED', 'only a swiss gives half-point byes');
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
  const format = formatOf(t);
  if (t.players.length < 2 && !format.startsShortHanded)
    return yes({ type: 'finished', at, reason: 'too-few-players' });
  const seeds = seedByRating(t.players.map((p) => ({ id: p.userId, rating: p.rating }))).map((e) => e.id);
  const started: TournamentEvent = { type: 'started', at, seeds, totalRounds: format.totalRounds(t, seeds) };
  return yes(started, ...(format.afterStart?.(applyEvent(t, started), at) ?? []));
}

/**
 * A start by hand, now: only for a tournament created without a start time, by its creator or by
 * staff (`by`), and not while staff pause it. Unlike the clock's start it needs the players to
 * play (an arena takes them late: none needed), so a start pressed too early ends nothing. A
 * second start (a retry) is refused as the first one's `TOURNAMENT_STARTED` and changes nothing.
 */
export function startByHand(t: Tournament, by: { userId: string; staff: boolean }, at: number): Decision {
  if (by.userId !== t.createdBy && !by.staff)
    return no('NOT_TOURNAMENT_CREATOR', "only the tournament's creator (or staff) starts it");
  if (t.status === 'finished') return no('TOURNAMENT_FINISHED', 'the tournament is over');
  if (t.status === 'running') return no('TOURNAMENT_STARTED', 'the tournament has started');
  if (t.settings.startsAt !== null)
    return no('TOURNAMENT_SCHEDULED', 'the tournament starts at its start time, not by hand');
  if (t.staff.pausedAt !== null) return no('TOURNAMENT_PAUSED', 'staff paused the tournament');
  if (t.players.length < 2 && !formatOf(t).startsShortHanded)
    return no('TOURNAMENT_TOO_FEW_PLAYERS', 'a tournament starts with two players or more');
  const decided = start(t, at);
  if (!decided.ok) return decided;
  const starter = by.userId === t.createdBy ? { by: by.userId } : { by: by.userId, staff: true };
  const named = (e: TournamentEvent): TournamentEvent => (e.type === 'started' ? { ...e, ...starter } : e);
  return yes(...decided.events.map(named));
}

/** The next round's pairing, or the end when every round is played (or no pairing remains). */
export function pairNextRound(t: Tournament, at: number): Decision {
  const last = currentRound(t);
  if (t.status !== 'running') return no('TOURNAMENT_FINISHED', 'the tournament is not running');
  if (last && !last.ended) return no('TOURNAMENT_STARTED', `round ${last.round} is being played`);
  const round = (last?.round ?? 0) + 1;
  const pair = formatOf(t).pairRound;
  return yes(...(pair ? pair(t, round, at) : [{ type: 'finished', at, reason: 'completed' } as const]));
}

/**
 * What time asks of a running tournament: the format's own pace (an arena's waves), or the next
 * round once the last has ended and the pause between rounds is over (at once after the last
 * round: the tournament then ends; a format whose rounds are not counted in advance ends with the
 * result of its last game). A round paired with every result in (forfeits only) ends at once.
 */
export function due(t: Tournament, now: number): TournamentEvent[] {
  if (t.status !== 'running') return [];
  const format = formatOf(t);
  if (format.due) return format.due(t, now);
  const round = t.rounds.at(-1);
  const { totalRounds } = t;
  const last = round !== undefined && totalRounds !== null && round.round >= totalRounds;
  const rested = round && now >= (round.endedAt ?? 0) + t.settings.roundGapMs;
  if (round && !(round.ended && (last || rested))) return [];
  const paired = pairNextRound(t, now);
  if (!paired.ok) return [];
  return [...paired.events, ...endIfDone(paired.events.reduce(applyEvent, t), now)];
}

/**
 * The result of the game `gameId`, and what it sets off (the end of its round when it was the
 * last, the end of the tournament): nothing when the game is not the tournament's or its result
 * is already in (a repeated report).
 */
export function recordResult(
  t: Tournament,
  gameId: string,
  result: GameResult,
  at: number,
): TournamentEvent[] {
  return formatOf(t).resultEvents(t, gameId, result, at);
}

/** A round whose every board had its result when it was paired (forfeits only) ends at once. */
export function endIfDone(t: Tournament, at: number): TournamentEvent[] {
  const round = currentRound(t);
  if (!round || round.ended || round.boards.some((b) => !b.result)) return [];
  return [{ type: 'round-ended', at, round: round.round }];
}

/**
 * A game's result from its seats' scores (seat 0 is white). A game with no scores was not played
 * out: lost by forfeit by the seats `forfeited` names (a first move not made in time) and won by
 * the other; when no seat is named (both left, or the game was aborted), lost by both. What an
 * arena game reports besides (each side's moves, who went berserk) is kept for its scoring.
 */
export function gameResult(
  scores: ReadonlyArray<{ seat: number; score: number; moves?: number; berserk?: boolean }>,
  forfeited: readonly number[] = [],
): GameResult {
  const white = scores.find((s) => s.seat === 0);
  const black = scores.find((s) => s.seat === 1);
  if (white === undefined || black === undefined) {
    if (forfeited.length === 0) return { white: 0, black: 0, forfeit: true };
    return { white: forfeited.includes(0) ? 0 : 1, black: forfeited.includes(1) ? 0 : 1, forfeit: true };
  }
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

/** The standings as the format makes them (by score then the tie-breaks, by the stage reached, …). */
export function standingsOf(t: Tournament): StandingRow[] {
  return formatOf(t).standings(t);
}
