import {
  type ChessEvent,
  type ClockPair,
  type Color,
  type GameResult,
  type GameStatus,
  opposite,
  type Termination,
} from '../../../schema/chess.ts';
import {
  type ClaimableDraw,
  cannotMate,
  claimableDrawOf,
  playUci,
  replayUcis,
  startPosition,
  type TrackedPosition,
} from './position.ts';
import { fail, ok, type RuleResult } from './result.ts';
import type { TimeControl } from './time-control.ts';

export interface GameConfig {
  timeControl: TimeControl;
  /** How long each side has for its first move before the game is aborted. */
  firstMoveMs: number;
  /** A FEN to start from instead of the standard position (studies, tests). Invalid: `newGame` throws. */
  initialFen?: string;
  /** A game of an arena that allows berserk: each side may go berserk before its first move. */
  berserk?: boolean;
}

export interface PlayedMove {
  /** Standard UCI: castling is the king's two-square move (`e1g1`). */
  uci: string;
  san: string;
  by: Color;
  at: number;
  /** The mover's clock right after the move, increment included. */
  clockMs: number;
}

export interface GameClock {
  readonly white: number;
  readonly black: number;
  /** The side losing time from `since`; null before both sides have moved and after the end. */
  readonly running: Color | null;
  /** The time `white` and `black` are counted at. */
  readonly since: number;
}

export type { ClaimableDraw };

/**
 * A game at one point of its event log. Immutable: every applied event gives a new object. The
 * chessops position behind it is kept out of sight (and never mutated), so two games compare equal
 * (`deepStrictEqual`) exactly when their logs led to the same state.
 */
export interface ChessGame {
  readonly config: GameConfig;
  readonly status: GameStatus;
  readonly fen: string;
  readonly turn: Color;
  readonly moves: readonly PlayedMove[];
  readonly clock: GameClock;
  /** While one of the first two plies is due: the time by which it must be made. */
  readonly firstMoveDeadline: number | null;
  /** Which sides went berserk: half their initial time and their increment given up. */
  readonly berserk: Readonly<Record<Color, boolean>>;
  /** The side with a standing draw offer. */
  readonly drawOffer: Color | null;
  /** What the side to move may claim right now. */
  readonly claimableDraw: ClaimableDraw | null;
  readonly result: GameResult | null;
  readonly termination: Termination | null;
  readonly winner: Color | null;
  /**
   * The side whose first move was not made in time, when that aborted the game: it has no result
   * and is never rated, but a tournament counts it lost for that side.
   */
  readonly noFirstMove: Color | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  /** Events applied so far. */
  readonly eventCount: number;
}

interface Hidden {
  readonly position: TrackedPosition;
  /** The time of the last applied event. */
  readonly lastAt: number;
}

const internals = new WeakMap<ChessGame, Hidden>();

type Patch = { -readonly [K in keyof ChessGame]?: ChessGame[K] };
interface Change {
  patch: Patch;
  position?: TrackedPosition;
}

export function newGame(config: GameConfig): ChessGame {
  const { initialMs, incrementMs } = config.timeControl;
  if (!(initialMs > 0 && incrementMs >= 0 && config.firstMoveMs > 0)) {
    throw new Error('newGame: the time control and first-move time must be positive');
  }
  const position = startPosition(config.initialFen);
  const game: ChessGame = {
    config,
    status: 'waiting',
    fen: position.fen,
    turn: position.pos.turn,
    moves: [],
    clock: { white: initialMs, black: initialMs, running: null, since: 0 },
    firstMoveDeadline: null,
    berserk: { white: false, black: false },
    drawOffer: null,
    claimableDraw: claimableDrawOf(position),
    result: null,
    termination: null,
    winner: null,
    noFirstMove: null,
    startedAt: null,
    endedAt: null,
    eventCount: 0,
  };
  internals.set(game, { position, lastAt: Number.NEGATIVE_INFINITY });
  return game;
}

/**
 * Applies one event of the log. A refused event returns the failure and leaves `game` as it was.
 * Apply `dueEvent(game, at)` first: while a flag or a first-move abort is due, every other event
 * but `resume` is refused with `BAD_EVENT`, so a due event is never dated before an applied one.
 *
 * @example
 * const started = applyEvent(newGame(config), { type: 'start', at: now });
 */
export function applyEvent(game: ChessGame, event: ChessEvent): RuleResult<ChessGame> {
  const inner = hiddenOf(game);
  const { at } = event;
  if (game.status === 'ended') return fail('GAME_OVER', 'The game is over.');
  if (!Number.isFinite(at) || at < inner.lastAt) {
    return fail('BAD_EVENT', 'This event is dated before the previous one.');
  }
  if (game.status === 'waiting' && event.type !== 'start' && event.type !== 'abort') {
    return fail('GAME_NOT_STARTED', 'The game has not started yet.');
  }
  const isDueKind =
    event.type === 'flag' || event.type === 'resume' || (event.type === 'abort' && event.by === null);
  if (!isDueKind) {
    const overdue = overdueMessage(game, at, event.type === 'move' ? 'move' : 'event');
    if (overdue) return fail('BAD_EVENT', overdue);
  }
  const change = dispatch(game, inner, event);
  if (!change.ok) return change;
  const value: ChessGame = { ...game, ...change.value.patch, eventCount: game.eventCount + 1 };
  internals.set(value, { position: change.value.position ?? inner.position, lastAt: at });
  return ok(value);
}

/** Replays a whole log. Throws if an event does not apply: a corrupt log is a bug, not an input. */
export function replay(config: GameConfig, events: readonly ChessEvent[]): ChessGame {
  let game = newGame(config);
  for (const [index, event] of events.entries()) {
    const next = applyEvent(game, event);
    if (!next.ok)
      throw new Error(`replay: event ${index} (${event.type}) refused: ${next.error}: ${next.message}`);
    game = next.value;
  }
  return game;
}

/** Both clocks at `now`: the running side loses the time since `clock.since` (never below 0). */
export function clocksAt(game: ChessGame, now: number): ClockPair {
  const { white, black, running, since } = game.clock;
  if (running === null) return { white, black };
  const left = Math.max(0, game.clock[running] - Math.max(0, now - since));
  return running === 'white' ? { white: left, black } : { white, black: left };
}

/**
 * The event the server owes the game at `now`: a flag dated the exact moment the running clock hit
 * zero, or an abort dated the first-move deadline; null if none. Dating them so makes replays exact.
 */
export function dueEvent(game: ChessGame, now: number): ChessEvent | null {
  const deadline = nextDeadline(game);
  if (deadline === null || deadline > now) return null;
  return game.clock.running === null
    ? { type: 'abort', by: null, at: deadline }
    : { type: 'flag', at: deadline };
}

/** The earliest time at which `dueEvent` stops being null, for the room's timer; null if none. */
export function nextDeadline(game: ChessGame): number | null {
  if (game.status !== 'playing') return null;
  const { running, since } = game.clock;
  if (running !== null) return since + game.clock[running];
  return game.firstMoveDeadline;
}

/** A player may abort until both sides have moved. */
export function canAbort(game: ChessGame): boolean {
  return game.status !== 'ended' && game.moves.length < 2;
}

function dispatch(game: ChessGame, inner: Hidden, event: ChessEvent): RuleResult<Change> {
  const { at } = event;
  switch (event.type) {
    case 'start':
      if (game.status !== 'waiting') return fail('BAD_EVENT', 'The game has already started.');
      return ok({
        patch: {
          status: 'playing',
          startedAt: at,
          firstMoveDeadline: at + game.config.firstMoveMs,
          clock: { ...game.clock, since: at },
        },
      });
    case 'move':
      return playMove(game, inner, event);
    case 'berserk':
      return goBerserk(game, event.by);
    case 'draw:offer':
      if (game.drawOffer === event.by)
        return fail('DRAW_ALREADY_OFFERED', 'You have already offered a draw.');
      if (game.drawOffer === opposite(event.by)) return ok(ending(game, at, null, 'agreement'));
      return ok({ patch: { drawOffer: event.by } });
    case 'draw:accept':
    case 'draw:decline':
      if (game.drawOffer !== opposite(event.by))
        return fail('NO_DRAW_OFFER', 'Your opponent has not offered a draw.');
      return ok(
        event.type === 'draw:accept' ? ending(game, at, null, 'agreement') : { patch: { drawOffer: null } },
      );
    case 'draw:claim':
      if (event.by !== game.turn) return fail('NOT_YOUR_TURN', 'Only the side to move may claim a draw.');
      if (game.claimableDraw === null) return fail('DRAW_NOT_CLAIMABLE', 'There is no draw to claim.');
      return ok(ending(game, at, null, game.claimableDraw));
    case 'resign':
      return ok(ending(game, at, opposite(event.by), 'resignation'));
    case 'abort':
      if (event.by === null) {
        if (game.firstMoveDeadline === null || game.firstMoveDeadline > at) {
          return fail('BAD_EVENT', 'No first move is overdue.');
        }
        const aborted = ending(game, at, null, 'aborted', '*');
        return ok({ patch: { ...aborted.patch, noFirstMove: game.turn } });
      }
      if (!canAbort(game)) {
        return fail('ABORT_NOT_ALLOWED', 'A game can only be aborted before both sides have moved.');
      }
      return ok(ending(game, at, null, 'aborted', '*'));
    case 'flag':
      return flag(game, inner, at);
    case 'victory:claim':
      return ok(ending(game, at, event.by, 'abandoned'));
    case 'abandon':
      return ok(ending(game, at, null, 'abandoned_by_both', '*'));
    case 'resume':
      return resume(game, inner, event.since, at);
    case 'staff:end': {
      if (event.scores === null) return ok(ending(game, at, null, 'aborted_by_staff', '*'));
      const winner = adjudicatedWinner(event.scores);
      if (winner === undefined) return fail('BAD_EVENT', ADJUDICATION_SCORES);
      return ok(ending(game, at, winner, 'adjudicated'));
    }
    default:
      return fail('BAD_EVENT', 'Unknown event.');
  }
}

function playMove(
  game: ChessGame,
  inner: Hidden,
  event: { at: number; by: Color; uci: string },
): RuleResult<Change> {
  const { at, by } = event;
  if (by !== game.turn) return fail('NOT_YOUR_TURN', 'It is not your turn.');
  const ply = playUci(inner.position, event.uci);
  if (!ply.ok) return ply;
  const { uci, san, after, claimableDraw, end } = ply.value;
  const clock = clockAfterMove(game, by, at);
  const patch: Patch = {
    fen: after.fen,
    turn: after.pos.turn,
    moves: [...game.moves, { uci, san, by, at, clockMs: clock[by] }],
    clock,
    firstMoveDeadline: game.moves.length === 0 ? at + game.config.firstMoveMs : null,
    // a standing offer is declined by the opponent's move, kept by the offerer's own
    drawOffer: game.drawOffer === opposite(by) ? null : game.drawOffer,
    claimableDraw,
  };
  if (end) {
    const ended = ending({ ...game, ...patch }, at, end.winner, end.termination);
    return ok({ patch: { ...patch, ...ended.patch }, position: after });
  }
  return ok({ patch, position: after });
}

/**
 * Berserk, as Lichess's arenas play it: before their own first move a player gives up half their
 * initial time and their increment, for an extra tournament point if they win. When the initial
 * time is short beside the increment (under 40 increments, as in 1+2) only the increment goes.
 * No clock runs before a side's first move, so its clock still shows the initial time here.
 */
function goBerserk(game: ChessGame, by: Color): RuleResult<Change> {
  if (!game.config.berserk)
    return fail('BERSERK_NOT_ALLOWED', 'Only a game of an arena that allows berserk can go berserk.');
  if (game.berserk[by]) return fail('ALREADY_BERSERK', 'You have already gone berserk.');
  if (game.moves.some((m) => m.by === by))
    return fail('BERSERK_TOO_LATE', 'Berserk is only allowed before your first move.');
  const { initialMs, incrementMs } = game.config.timeControl;
  const penalty = initialMs < 40 * incrementMs ? 0 : Math.floor(initialMs / 2);
  const clock = withTime(game.clock, by, Math.max(0, game.clock[by] - penalty));
  return ok({ patch: { clock, berserk: { ...game.berserk, [by]: true } } });
}

/** The increment `by` gains after each move: none once berserk. */
export function incrementOf(game: ChessGame, by: Color): number {
  return game.berserk[by] ? 0 : game.config.timeControl.incrementMs;
}

/** No clock runs before both sides have moved; after that the mover pays and gains the increment. */
function clockAfterMove(game: ChessGame, by: Color, at: number): GameClock {
  const { clock } = game;
  let mine = clock[by];
  if (clock.running !== null) mine = mine - (at - clock.since) + incrementOf(game, by);
  const running = game.moves.length + 1 >= 2 ? opposite(by) : null;
  return by === 'white'
    ? { white: mine, black: clock.black, running, since: at }
    : { white: clock.white, black: mine, running, since: at };
}

function flag(game: ChessGame, inner: Hidden, at: number): RuleResult<Change> {
  const { running } = game.clock;
  if (running === null || clocksAt(game, at)[running] > 0) {
    return fail('BAD_EVENT', 'No clock has run out.');
  }
  const clock = withTime(game.clock, running, 0);
  const winner = opposite(running);
  return ok(
    cannotMate(inner.position, winner)
      ? ending({ ...game, clock }, at, null, 'timeout_vs_insufficient_material')
      : ending({ ...game, clock }, at, winner, 'timeout'),
  );
}

/** What staff may adjudicate a chess game: a result, as white's and black's scores. */
export const ADJUDICATION_SCORES =
  'a chess game is adjudicated 1-0, ½-½ or 0-1: scores [1, 0], [0.5, 0.5] or [0, 1]';

/** The winner of an adjudication by scores (null: a draw); undefined for scores no result gives. */
export function adjudicatedWinner(scores: readonly number[]): Color | null | undefined {
  const [white, black] = scores;
  if (scores.length !== 2 || white === undefined || black === undefined) return undefined;
  if (white === 0.5 && black === 0.5) return null;
  if (white + black !== 1 || !(white === 0 || white === 1)) return undefined;
  return white === 1 ? 'white' : 'black';
}

/** The outage from `since` to `at` is charged to nobody; time spent before `since` still counts. */
function resume(game: ChessGame, inner: Hidden, since: number, at: number): RuleResult<Change> {
  if (!(since >= inner.lastAt && since <= at)) {
    return fail('BAD_EVENT', 'An outage must start after the previous event and end at this one.');
  }
  const { running } = game.clock;
  const clock =
    running === null
      ? { ...game.clock, since: at }
      : {
          ...withTime(game.clock, running, Math.max(0, clocksAt(game, since)[running])),
          since: at,
        };
  const deadline = game.firstMoveDeadline;
  // A deadline already past when the outage began falls due as soon as the game is back.
  const firstMoveDeadline = deadline === null ? null : Math.max(deadline + (at - since), at);
  return ok({ patch: { clock, firstMoveDeadline } });
}

/** The end of a game: clocks stop (the running side pays up to `at`), offers and claims lapse. */
function ending(
  game: ChessGame,
  at: number,
  winner: Color | null,
  termination: Termination,
  noResult?: '*',
): Change {
  const { running } = game.clock;
  const clock = running === null ? game.clock : withTime(game.clock, running, clocksAt(game, at)[running]);
  const result: GameResult = noResult ?? (winner === null ? '1/2-1/2' : winner === 'white' ? '1-0' : '0-1');
  return {
    patch: {
      status: 'ended',
      clock: { ...clock, running: null, since: at },
      firstMoveDeadline: null,
      drawOffer: null,
      claimableDraw: null,
      result,
      termination,
      winner,
      endedAt: at,
    },
  };
}

function overdueMessage(game: ChessGame, at: number, what: string): string | null {
  const deadline = nextDeadline(game);
  if (deadline === null || deadline > at) return null;
  const { running } = game.clock;
  return running === null
    ? `The first move was not made in time before this ${what}.`
    : `The clock of ${running} ran out before this ${what}.`;
}

function withTime(clock: GameClock, color: Color, ms: number): GameClock {
  return color === 'white' ? { ...clock, white: ms } : { ...clock, black: ms };
}

/**
 * The hidden state of a game made by `newGame`/`applyEvent`, or, for a copy of one (spread,
 * structuredClone), rebuilt from its moves. A copy only knows the latest time its fields show,
 * so its check that events come in order is looser.
 */
function hiddenOf(game: ChessGame): Hidden {
  const known = internals.get(game);
  if (known) return known;
  const position = replayUcis(
    game.config.initialFen,
    game.moves.map((m) => m.uci),
  );
  if (position.fen !== game.fen)
    throw new Error('not a game of these rules: the FEN does not match the moves');
  const times = [
    game.startedAt ?? Number.NEGATIVE_INFINITY,
    game.clock.since,
    ...game.moves.map((m) => m.at),
  ];
  const rebuilt = { position, lastAt: Math.max(...times) };
  internals.set(game, rebuilt);
  return rebuilt;
}
