import { setTimeout as sleep } from 'node:timers/promises';
import { Chess } from 'chessops/chess';
import { parseFen } from 'chessops/fen';
import type { ChessGameClient, QueueInfo, Rookery } from '../../client-sdk/index.ts';
import { RookeryError } from '../../client-sdk/index.ts';
import { randomMove } from '../random-move.ts';
import type { LoadOptions } from './options.ts';
import { STEP_LIMIT_MS, type StepRecorder } from './steps.ts';

/** How long any one wait for the server may last before it counts as a failure. */
export const WAIT_MS = STEP_LIMIT_MS;

/** A new run's id, in the names of the accounts it registers. */
export const newRunId = () => Date.now().toString(36).slice(-6) + Math.random().toString(36).slice(2, 5);

/**
 * The part of a run one process plays: its `options.clients` clients are the run's clients
 * `firstClient`, `firstClient + 1`, … and its spectated games (`options.games`) the run's games
 * `firstGame`, … (a run in one process is all of it, from 0).
 */
export interface RunSlice {
  runId: string;
  firstClient: number;
  firstGame: number;
}

/** What every client of a process shares: the options, the figures, and who ends which game. */
export class RunContext {
  /** The id of the run, in the names of the accounts it registers. */
  readonly runId: string;
  readonly firstClient: number;
  readonly firstGame: number;
  private readonly claimed = new Set<string>();
  /** When each of a game's half-moves was sent, by the player who sent it (spectators time against it). */
  readonly sentAt = new Map<string, number[]>();

  constructor(
    readonly options: LoadOptions,
    readonly steps: StepRecorder,
    slice: RunSlice = { runId: newRunId(), firstClient: 0, firstGame: 0 },
  ) {
    this.runId = slice.runId;
    this.firstClient = slice.firstClient;
    this.firstGame = slice.firstGame;
  }

  private readonly slots = new Map<
    string,
    { promise: Promise<unknown>; resolve: (value: unknown) => void }
  >();

  /** A value one client hands to others (a party's code, a game to watch), by name. */
  slot<T>(key: string): { promise: Promise<T>; resolve: (value: T) => void } {
    let slot = this.slots.get(key);
    if (!slot) {
      let resolve!: (value: unknown) => void;
      const promise = new Promise<unknown>((r) => {
        resolve = r;
      });
      slot = { promise, resolve };
      this.slots.set(key, slot);
    }
    return slot as unknown as { promise: Promise<T>; resolve: (value: T) => void };
  }

  /** Waits for the value handed over under `key`, for as long as any wait may last. */
  async take<T>(key: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${key}`)), WAIT_MS);
    });
    try {
      return await Promise.race([this.slot<T>(key).promise, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private readonly counts = new Map<string, number>();

  /** Counts one more of something clients arrive at (the spectators of a game); returns the new count. */
  count(key: string): number {
    const n = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, n);
    return n;
  }

  /** True for the first caller only: which of several clients in one game ends it. */
  claim(key: string): boolean {
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }

  think(): Promise<void> {
    const { min, max } = this.options.thinkMs;
    return sleep(min + Math.random() * (max - min));
  }
}

/** Signs a client in as the run asks: a guest, or an account registered for the run and logged in. */
export async function signIn(ctx: RunContext, rookery: Rookery, clientId: number): Promise<void> {
  if (!ctx.options.accounts) {
    await ctx.steps.time('sign in (guest)', () => rookery.rest.guest());
    return;
  }
  const credentials = {
    username: `lt${ctx.runId}_${clientId}`,
    password: `load test ${ctx.runId} ${clientId}`,
  };
  await ctx.steps.time('register', () => rookery.rest.register(credentials));
  await rookery.rest.logout();
  await ctx.steps.time('log in', () => rookery.rest.login(credentials));
}

/**
 * The queue a scenario plays in: `--queue`, or the first casual queue of the server whose teams
 * have `teamSize` players.
 */
export async function chooseQueue(
  rookery: Rookery,
  options: LoadOptions,
  teamSize: number,
): Promise<QueueInfo> {
  const queues = await rookery.rest.queues();
  const queue = options.queue
    ? queues.find((q) => q.id === options.queue)
    : queues.find((q) => !q.rated && q.teamSize === teamSize && q.teams === 2);
  if (!queue) {
    const why = options.queue ? `no queue "${options.queue}"` : `no casual queue of two teams of ${teamSize}`;
    throw new Error(
      `${why} on this server (it has ${queues.map((q) => q.id).join(', ') || 'none'}): give --queue`,
    );
  }
  if (queue.teamSize !== teamSize) {
    throw new Error(`queue "${queue.id}" seats teams of ${queue.teamSize}, not ${teamSize}`);
  }
  return queue;
}

/**
 * Queue → match → seat, each its own step: waits in the queue until a match is offered, takes the
 * seat, and resolves once the queue confirms that everyone came (a match whose opponent did not
 * come puts the ticket back in the queue, and the wait goes on).
 */
export async function queueAndSeat(
  ctx: RunContext,
  rookery: Rookery,
  queue: string,
): Promise<ChessGameClient> {
  const ticket = await ctx.steps.time('queue join', () => rookery.matchmaking.join(queue));
  // The queue ends the ticket's connection itself once matched: it is given up only on a failure.
  try {
    for (;;) {
      const match = await ctx.steps.time('queue → match', () =>
        ticket.inbox.next((m) => m.type === 'match', WAIT_MS),
      );
      if (match.type !== 'match') throw new Error('unexpected queue message');
      const game = await ctx.steps.time('seat', async () => {
        const seated = await rookery.chess.joinGame(match.roomId);
        await seated.until((s) => s.status !== 'waiting', WAIT_MS);
        return seated;
      });
      const outcome = await ticket.inbox.next(
        (m) => m.type === 'matched' || m.type === 'requeued' || m.type === 'dequeued',
        WAIT_MS,
      );
      if (outcome.type === 'matched') return game;
      await leaveQuietly(game);
      if (outcome.type === 'dequeued')
        throw new RookeryError('SEAT_EXPIRED', `left the queue: ${outcome.reason}`, 0);
    }
  } catch (err) {
    await leaveQuietly(ticket.room);
    throw err;
  }
}

/**
 * Leaves a room without waiting long: `Room.leave()` of `@colyseus/sdk` never resolves when the
 * server has already closed the connection (a game that ended, a queue that matched).
 */
export async function leaveQuietly(room: { leave(): Promise<unknown> }): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    room.leave().catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, 5_000);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * Ends a game that has not started moving: white aborts it (of a team, the first member to get
 * here), the others see it end. Decided by seat, not by who comes first, because the two sides
 * may be in different processes (`--workers`); a team is a party, always in one process.
 */
export async function abortTogether(ctx: RunContext, game: ChessGameClient): Promise<void> {
  if (game.color === 'white' && ctx.claim(`end:${game.gameId}`)) {
    await ctx.steps.time('abort', () => game.abort());
  }
  await ctx.steps.time('game end seen', () => game.until((s) => s.status === 'ended', WAIT_MS));
  await leaveQuietly(game);
}

/**
 * Plays one side of a game at the run's human pace with random legal moves, each move its own
 * step (from sending it until this player's state shows it), until `--moves` half-moves have been played; the side to move then resigns (`finish`).
 * The other side waits for the end. Each move's sending time is kept for spectators.
 */
export async function playOut(ctx: RunContext, game: ChessGameClient): Promise<void> {
  const color = game.color;
  if (!color) throw new Error('not seated in this game');
  const sent = ctx.sentAt.get(game.gameId) ?? [];
  ctx.sentAt.set(game.gameId, sent);
  for (;;) {
    const state = await game.until((s) => s.status !== 'playing' || s.turn === color, WAIT_MS);
    if (state.status !== 'playing') break;
    const ply = state.moves.length;
    if (ply >= ctx.options.plies) {
      await ctx.steps.time('finish (resign)', async () => {
        await game.resign();
        await game.until((s) => s.status === 'ended', WAIT_MS);
      });
      break;
    }
    await ctx.think();
    const position = Chess.fromSetup(parseFen(state.fen).unwrap()).unwrap();
    const next = randomMove(position);
    if (!next) {
      // Mate or stalemate: the end arrives with the state.
      await game.until((s) => s.status !== 'playing' || s.moves.length !== ply, WAIT_MS);
      continue;
    }
    sent[ply] = performance.now();
    await ctx.steps.time('move', async () => {
      await game.move(next.uci);
      await game.until((s) => s.moves.length > ply || s.status !== 'playing', WAIT_MS);
    });
  }
  await leaveQuietly(game);
}
