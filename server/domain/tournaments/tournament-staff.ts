/**
 * What staff do to a tournament, as events of its log, so that a rebuilt tournament holds it too:
 * pause and resume it (a paused tournament pairs no round and makes no game; the games being
 * played go on), end it early (no further round: it finishes once the round being played is over,
 * at once when none is), and disqualify a player (withdrawn for good: the game of the round being
 * played is lost by forfeit, later rounds do not pair them, and they may not enter again). Each
 * event names who did it and why. Pure, like the rest of the log.
 */
import type { ErrorCode } from '../../../schema/errors.ts';
import { formatOf } from './formats.ts';
import { currentRound, playerOf, type Tournament, type TournamentEvent } from './tournament.ts';
import { type Decision, forfeitResult, recordResult } from './tournament-rules.ts';

/** What staff did to a tournament, as its log says. */
export interface TournamentStaff {
  /** When staff paused it; null while it runs. */
  readonly pausedAt: number | null;
  /** When staff ended it early; null otherwise. */
  readonly endedEarlyAt: number | null;
  /** The players disqualified, in order. */
  readonly disqualified: readonly string[];
}

export const NO_STAFF: TournamentStaff = { pausedAt: null, endedEarlyAt: null, disqualified: [] };

/** Who did it and why (the staff member's user id). */
export interface StaffAct {
  by: string;
  reason: string;
}

export type StaffEvent =
  | ({ type: 'paused' | 'resumed' | 'ended-early'; at: number } & StaffAct)
  | ({ type: 'disqualified'; at: number; userId: string } & StaffAct);

export function foldStaff(t: Tournament, e: StaffEvent): Tournament {
  switch (e.type) {
    case 'paused':
      return { ...t, staff: { ...t.staff, pausedAt: e.at } };
    case 'resumed':
      return { ...t, staff: { ...t.staff, pausedAt: null } };
    case 'ended-early':
      return { ...t, staff: { ...t.staff, endedEarlyAt: e.at } };
    case 'disqualified': {
      const staff = { ...t.staff, disqualified: [...t.staff.disqualified, e.userId] };
      // Before the start the entry goes, so nobody is seeded who may not play; after it the
      // player stays in the table, withdrawn.
      const players =
        t.status === 'upcoming'
          ? t.players.filter((p) => p.userId !== e.userId)
          : t.players.map((p) => (p.userId === e.userId ? { ...p, withdrawn: true } : p));
      return { ...t, staff, players };
    }
  }
}

const no = (code: ErrorCode, message: string): Decision => ({ ok: false, code, message });
const yes = (...events: TournamentEvent[]): Decision => ({ ok: true, events });
const over = () => no('TOURNAMENT_FINISHED', 'the tournament is over');

export const isPaused = (t: Tournament): boolean => t.staff.pausedAt !== null;

/** Whether a round has been paired and not every one of its games has its result. */
export function roundInPlay(t: Tournament): boolean {
  if (t.status !== 'running') return false;
  // An arena's waves overlap: any of them may still be played.
  if (formatOf(t).overlappingRounds) return t.rounds.some((r) => !r.ended);
  const round = currentRound(t);
  return round !== undefined && !round.ended;
}

export function pause(t: Tournament, act: StaffAct, at: number): Decision {
  if (t.status === 'finished') return over();
  if (isPaused(t)) return no('TOURNAMENT_PAUSED', 'the tournament is already paused');
  return yes({ type: 'paused', at, ...act });
}

export function resume(t: Tournament, act: StaffAct, at: number): Decision {
  if (t.status === 'finished') return over();
  if (!isPaused(t)) return no('TOURNAMENT_NOT_PAUSED', 'the tournament is not paused');
  return yes({ type: 'resumed', at, ...act });
}

/**
 * Ends the tournament early: no further round is paired. The round being played is left to its
 * games, whose results count; the tournament finishes when the last is in, or at once when no
 * round is being played (an upcoming tournament finishes unplayed).
 */
export function endEarly(t: Tournament, act: StaffAct, at: number): Decision {
  if (t.status === 'finished') return over();
  if (t.staff.endedEarlyAt !== null)
    return no('TOURNAMENT_FINISHED', 'the tournament is already ending: it finishes with its round');
  const ended: TournamentEvent = { type: 'ended-early', at, ...act };
  return yes(ended, ...(roundInPlay(t) ? [] : [finish(at)]));
}

/** The finish of a tournament ended early, once no round is being played any more. */
export function finishIfEndedEarly(t: Tournament, at: number): TournamentEvent[] {
  if (t.status === 'finished' || t.staff.endedEarlyAt === null || roundInPlay(t)) return [];
  return [finish(at)];
}

const finish = (at: number): TournamentEvent => ({ type: 'finished', at, reason: 'ended-early' });

/**
 * Disqualifies `userId`: withdrawn for good, and their game of the round being played, if it has
 * no result yet, lost by forfeit (the opponent wins it). A player who withdrew may still be
 * disqualified, so as not to enter again.
 */
export function disqualify(t: Tournament, userId: string, act: StaffAct, at: number): Decision {
  if (t.status === 'finished') return over();
  if (t.staff.disqualified.includes(userId))
    return no('PLAYER_DISQUALIFIED', 'the player is already disqualified');
  if (!playerOf(t, userId)) return no('NOT_JOINED', 'the player is not in this tournament');
  return yes({ type: 'disqualified', at, userId, ...act }, ...forfeitOf(t, userId, at));
}

function forfeitOf(t: Tournament, userId: string, at: number): TournamentEvent[] {
  const round = currentRound(t);
  // A table plays on: its match places the disqualified player like anyone.
  if (!round || !roundInPlay(t) || formatOf(t).tables) return [];
  const board = round.boards.findIndex((b) => !b.result && (b.white === userId || b.black === userId));
  if (board < 0) return [];
  const { white, black, gameId } = round.boards[board]!;
  const result = forfeitResult(white, black, [userId]);
  const events: TournamentEvent[] = [{ type: 'result', at, round: round.round, board, gameId, result }];
  if (round.boards.every((b, i) => i === board || b.result))
    events.push({ type: 'round-ended', at, round: round.round });
  return events;
}

/** The match whose result a disqualification's events set (to be stopped), if any. */
export function forfeitedGame(events: readonly TournamentEvent[]): string | null {
  for (const e of events) if (e.type === 'result' && e.gameId) return e.gameId;
  return null;
}

/**
 * The result staff gave a game of the round being played, once its match has ended with it: the
 * same events as the match's own report, so whichever comes first sets it and the other finds it
 * there (no events).
 */
export function adjudicatedResult(
  t: Tournament,
  gameId: string,
  scores: readonly [number, number],
  at: number,
): Decision {
  const round = currentRound(t);
  if (formatOf(t).tables)
    return no('VALIDATION_FAILED', "a table's result is its match's placings, as the match reports them");
  if (!round?.boards.some((b) => b.gameId === gameId))
    return no('GAME_NOT_FOUND', `no game ${gameId} in the round being played`);
  return yes(...recordResult(t, gameId, { white: scores[0], black: scores[1], forfeit: false }, at));
}
