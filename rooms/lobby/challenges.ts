import type {
  ChallengeDto,
  ChallengeOffer,
  ChallengeResult,
  ChallengeStatus,
  GameTerms,
} from '../../schema/lobby.ts';
import type { ChallengeParty, FinishedMatch } from '../../server/services/ports.ts';
import { categoryOf, parseTimeControl } from '../games/chess/time-control.ts';
import { accepted, type Checked, type Refusal, refused } from '../rules/refusal.ts';
import { type GameCatalog, otherGame, tableTerms } from './game-terms.ts';

/**
 * Direct challenges: one player names another, who accepts or declines in the lobby within a
 * time limit. Pure checks and views; the room keeps the challenges and their timers.
 */

export type { ChallengeParty };

/** The game a challenge is to, once checked. */
export interface ChallengeGame {
  /** `chess`, `golf`… */
  game: string;
  /** Chess: `"3+2"`; empty for other games. */
  timeControl: string;
  /** The rating pool: chess's category, `golf`. */
  category: string;
  /** The match's options (chess: its clock; golf: its table of two and more, and its rules). */
  options: Record<string, unknown>;
  /** Computer seats besides the two players (a game of tables), and their level. */
  computers: number;
  level: string;
}

export interface Challenge extends ChallengeGame {
  id: string;
  from: ChallengeParty & { rating: number };
  to: ChallengeParty;
  rated: boolean;
  createdAt: number;
  expiresAt: number;
  status: ChallengeStatus;
  /** Once accepted: the room of the match. */
  roomId: string | null;
  /** Once accepted: the players' names in seat order (chess: white, black). */
  seated?: string[];
  /** Once its game is over (`finished`). */
  result?: ChallengeResult;
}

export interface ChallengeRequest extends Omit<GameTerms, 'seats'> {
  from: ChallengeParty;
  to: ChallengeParty;
  /** Chess only. */
  timeControl?: string;
  rated: boolean;
}

/** What the lobby knows about the two players when a challenge comes in. */
export interface ChallengeContext {
  /** Whether the opponent has a lobby connection. */
  opponentOnline: boolean;
  /** Challenges the challenger sent that are still pending. */
  pendingFromChallenger: number;
  maxPending: number;
}

/** Checks a challenge before it is delivered: its game and its terms, or why not. */
export function challengeTerms(
  request: ChallengeRequest,
  context: ChallengeContext,
  catalog: GameCatalog,
): Checked<ChallengeGame> {
  if (request.from.userId === request.to.userId) {
    return refused('VALIDATION_FAILED', 'you cannot challenge yourself');
  }
  const game = challengeGame(request, catalog);
  if (!game.ok) return game;
  if (request.rated && (request.from.guest || request.to.guest)) {
    const who = request.from.guest ? 'guests play' : `${request.to.name} is a guest, and guests play`;
    return refused('RATED_NEEDS_ACCOUNT', `${who} casual games only`);
  }
  if (!context.opponentOnline) return refused('USER_NOT_ONLINE', `${request.to.name} is not in the lobby`);
  if (context.pendingFromChallenger >= context.maxPending) {
    return refused('RATE_LIMITED', `at most ${context.maxPending} pending challenges at a time`);
  }
  return game;
}

/**
 * The game of a challenge: chess by its time control alone; any other by its module, at a table
 * of the two players and the computer seats asked for.
 */
function challengeGame(request: ChallengeRequest, catalog: GameCatalog): Checked<ChallengeGame> {
  if (otherGame(request)) {
    if (request.timeControl !== undefined) {
      return refused('VALIDATION_FAILED', `timeControl is chess's: ${request.game} takes options`);
    }
    const seats = 2 + (request.computers ?? 0);
    const terms = tableTerms(catalog, { ...request, seats }, request.rated, 2);
    if (!terms.ok) return terms;
    const { game, options, pool, computers, level } = terms.value;
    return accepted({ game, timeControl: '', category: pool, options, computers, level });
  }
  if (request.options !== undefined || request.computers !== undefined || request.level !== undefined) {
    return refused('VALIDATION_FAILED', 'a chess challenge takes its timeControl only');
  }
  const tc = parseTimeControl(request.timeControl ?? '');
  if (!tc.ok) return refused('VALIDATION_FAILED', tc.message);
  const timeControl = tc.value.label;
  return accepted({
    game: 'chess',
    timeControl,
    category: categoryOf(tc.value),
    options: { timeControl },
    computers: 0,
    level: '',
  });
}

/** What a challenge shows of its game: chess its clock; any other its options and computer seats. */
function gameShown(
  challenge: Challenge,
): Pick<ChallengeDto, 'game' | 'options' | 'computers' | 'timeControl'> {
  if (challenge.game === 'chess') return { game: 'chess', timeControl: challenge.timeControl };
  const computers = challenge.computers > 0 ? { computers: challenge.computers } : {};
  return { game: challenge.game, timeControl: '', options: challenge.options, ...computers };
}

/**
 * Why `userId` may not answer (accept or decline) the challenge (undefined: they may). Only the
 * challenged player answers; to anyone else the challenge does not exist.
 */
export function answerRefusal(
  challenge: Challenge | undefined,
  userId: string,
  now: number,
): Refusal | undefined {
  if (!challenge || challenge.to.userId !== userId) {
    return { code: 'CHALLENGE_NOT_FOUND', message: 'no such challenge' };
  }
  if (challenge.status !== 'pending' || now >= challenge.expiresAt) {
    const status = challenge.status === 'pending' ? 'expired' : challenge.status;
    return { code: 'CHALLENGE_NOT_FOUND', message: `the challenge is no longer pending (${status})` };
  }
  return undefined;
}

/** Whether `userId` may look the challenge up: its two players only. */
export function isParty(challenge: Challenge, userId: string): boolean {
  return challenge.from.userId === userId || challenge.to.userId === userId;
}

export function challengeDto(challenge: Challenge): ChallengeDto {
  const dto: ChallengeDto = {
    id: challenge.id,
    status: challenge.status,
    from: challenge.from.name,
    to: challenge.to.name,
    ...gameShown(challenge),
    rated: challenge.rated,
    expiresAt: new Date(challenge.expiresAt).toISOString(),
  };
  if (challenge.roomId) dto.roomId = challenge.roomId;
  if (challenge.result) dto.result = challenge.result;
  return dto;
}

/**
 * The challenge once its game is over: `finished`, with each seat's player and result. Only an
 * accepted challenge finishes, and only once (a repeat of the result changes nothing).
 */
export function finishedChallenge(challenge: Challenge, finished: FinishedMatch): Challenge | undefined {
  if (challenge.status !== 'accepted') return undefined;
  const seats = finished.results.map(({ seat, score, placing, rating }) => ({
    player: challenge.seated?.[seat] ?? '',
    score,
    placing,
    ...(rating ? { rating } : {}),
  }));
  return { ...challenge, status: 'finished', result: { termination: finished.termination, seats } };
}

/** The `challenge` message the opponent receives. */
export function offerOf(challenge: Challenge): ChallengeOffer {
  const { userId, name, rating } = challenge.from;
  return {
    id: challenge.id,
    from: { userId, name, rating },
    ...gameShown(challenge),
    rated: challenge.rated,
    expiresAt: challenge.expiresAt,
  };
}

/** What the lobby answers the control plane (`ChallengeDesk`), across nodes: plain JSON. */
export type ChallengeReply = { ok: true; challenge: ChallengeDto } | ({ ok: false } & Refusal);
