import { Client as ColyseusClient, type Room } from '@colyseus/sdk';
import type { ChessState } from '../schema/chess.state.ts';
import type { BotLevel, ClockPair, Color } from '../schema/chess.ts';
import type { RookeryError } from './errors.ts';
import type { RookeryClient } from './rest.ts';
import { retryUntil } from './retry.ts';
import { toJoinError, toRequestError, whenNoRoom } from './room-errors.ts';
import { joinWithSession } from './session-join.ts';
import { type StaffNotice, type StaffSubscribe, staffMessages } from './staff-notice.ts';
import { StateWatch } from './state-watch.ts';

/**
 * One chess game as a player or spectator sees it: the synced state, the actions, and both
 * clocks counted down locally between server updates.
 *
 * Every action is a request: it resolves when the server has accepted (and recorded) it and
 * rejects with a {@link RookeryError} (`ILLEGAL_MOVE`, `NOT_YOUR_TURN`, …) when refused.
 */
export class ChessGameClient {
  /** Server time minus local time, learned when joining. */
  private offsetMs = 0;

  private readonly watch: StateWatch<ChessState>;

  constructor(readonly room: Room<ChessState>) {
    this.watch = new StateWatch(room, (state) => state?.moves !== undefined);
    room.onMessage('time', (message: { serverTime: number }) => {
      this.offsetMs = message.serverTime - Date.now();
    });
    // Refusals of plain `send`s arrive as `error` messages; requests get theirs as rejections.
    room.onMessage('error', () => undefined);
    this.staff = staffMessages(room);
  }

  private readonly staff: StaffSubscribe;

  /** Staff paused, resumed or ended the game (`docs/protocol.md`, the `staff` message). */
  onStaff(listener: (notice: StaffNotice) => void): () => void {
    return this.staff(listener);
  }

  get state(): ChessState {
    return this.room.state;
  }

  get gameId(): string {
    return this.room.roomId;
  }

  /** The colour this client plays, or undefined for a spectator. */
  get color(): Color | undefined {
    for (const [color, player] of this.room.state.players?.entries() ?? []) {
      if (player.userId && player.userId === this.userId) return color as Color;
    }
    return undefined;
  }

  /** Set by {@link ChessRooms} so {@link color} can tell which seat is ours. */
  userId: string | undefined;

  /** Both clocks now: the running one counted down from the server's last reading. */
  clocks(now: number = Date.now()): ClockPair {
    const s = this.room.state;
    const elapsed = Math.max(0, now + this.offsetMs - s.clockAt);
    return {
      white: s.clockRunning === 'white' ? Math.max(0, s.clockWhite - elapsed) : s.clockWhite,
      black: s.clockRunning === 'black' ? Math.max(0, s.clockBlack - elapsed) : s.clockBlack,
    };
  }

  move(uci: string): Promise<void> {
    return this.ask('move', { uci });
  }
  resign(): Promise<void> {
    return this.ask('resign');
  }
  offerDraw(): Promise<void> {
    return this.ask('draw:offer');
  }
  acceptDraw(): Promise<void> {
    return this.ask('draw:accept');
  }
  declineDraw(): Promise<void> {
    return this.ask('draw:decline');
  }
  /** Threefold repetition or the fifty-move rule, when `state.claimableDraw` says so. */
  claimDraw(): Promise<void> {
    return this.ask('draw:claim');
  }
  abort(): Promise<void> {
    return this.ask('abort');
  }
  /**
   * In an arena game that allows it (`state.berserkAllowed`), before your first move: gives up
   * half your initial time and your increment for an extra point if you win. Refused with
   * `BERSERK_NOT_ALLOWED`, `BERSERK_TOO_LATE` or `ALREADY_BERSERK`; `state.berserkWhite` and
   * `state.berserkBlack` show who did.
   */
  berserk(): Promise<void> {
    return this.ask('berserk');
  }
  /** Wins when the opponent has been gone longer than `state.graceMs`. */
  claimVictory(): Promise<void> {
    return this.ask('victory:claim');
  }
  offerRematch(): Promise<void> {
    return this.ask('rematch:offer');
  }
  acceptRematch(): Promise<void> {
    return this.ask('rematch:accept');
  }

  /** Resolves with the next rematch room (once both players agreed). */
  nextRematch(): Promise<{ roomId: string; color: Color }> {
    return new Promise((resolve) => {
      const off = this.room.onMessage('rematch', (message: { roomId: string; color: Color }) => {
        off();
        resolve(message);
      });
    });
  }

  /** Resolves once `predicate` holds for the state (checked now and after every patch). */
  until(predicate: (state: ChessState) => boolean, timeoutMs = 10_000): Promise<ChessState> {
    return this.watch.until(predicate, timeoutMs);
  }

  leave(): Promise<number> {
    return this.room.leave(true);
  }

  private async ask(type: string, payload?: unknown): Promise<void> {
    try {
      await this.room.request(type, payload);
    } catch (err) {
      throw toRequestError(err);
    }
  }
}

/**
 * Join failures that waiting may cure: the server cannot be reached (restarting), is not ready,
 * or has not rebuilt the game yet (the matchmaker's "no such room").
 */
const WORTH_RETRYING: ReadonlySet<RookeryError['code']> = new Set([
  'NETWORK',
  'GAME_NOT_FOUND',
  'NOT_READY',
  'SERVER_BUSY',
  'INTERNAL',
]);

export interface PlayOptions {
  /** `"3+2"`: minutes + increment seconds. */
  timeControl?: string;
  rated?: boolean;
  color?: Color;
}

/**
 * Joining chess rooms with the session of a {@link RookeryClient}: its access token (refreshed
 * when it has expired) goes with every join.
 *
 * @example
 *   const rookery = new RookeryClient({ baseUrl });
 *   await rookery.guest();
 *   const chess = new ChessRooms(rookery);
 *   const game = await chess.vsBot({ level: 'greedy', color: 'white' });
 *   await game.move('e2e4');
 */
export class ChessRooms {
  readonly colyseus: ColyseusClient;

  constructor(
    private readonly rookery: RookeryClient,
    baseUrl?: string,
  ) {
    this.colyseus = new ColyseusClient(baseUrl ?? rookery.baseUrl);
  }

  /** Joins an open game of that time control, or opens one and waits for an opponent there. */
  play(options: PlayOptions = {}): Promise<ChessGameClient> {
    return this.join((c) => c.joinOrCreate<ChessState>('chess', { ...options }));
  }

  /** Opens a private game; share its `gameId` with the opponent, who calls {@link join}. */
  challenge(options: PlayOptions = {}): Promise<ChessGameClient> {
    return this.join((c) => c.create<ChessState>('chess', { ...options, private: true }));
  }

  /** Takes a seat in (or returns to) a game by its id. */
  joinGame(gameId: string, options: { color?: Color } = {}): Promise<ChessGameClient> {
    return this.join((c) => c.joinById<ChessState>(gameId, { ...options })).catch(
      whenNoRoom(
        'GAME_NOT_FOUND',
        `no game room "${gameId}" (finished, cancelled, or moved: look it up again)`,
      ),
    );
  }

  /** Watches a game; works without signing in. */
  async spectate(gameId: string): Promise<ChessGameClient> {
    const session = await this.rookery.session();
    return this.join((c) => c.joinById<ChessState>(gameId, { spectate: true }), session !== undefined);
  }

  /** A game against the server's bot. */
  vsBot(options: { level?: BotLevel; color?: Color; timeControl?: string } = {}): Promise<ChessGameClient> {
    return this.join((c) => c.create<ChessState>('chess', { ...options, vsBot: true }));
  }

  /** Comes back to a game after a dropped connection, with `room.reconnectionToken`. */
  reconnect(reconnectionToken: string): Promise<ChessGameClient> {
    return this.join((c) => c.reconnect<ChessState>(reconnectionToken));
  }

  /**
   * Joins a game again after its room was lost for good: the process that held it stopped, or
   * the game moved (close code 4410). The server rebuilds an unfinished game from its log under
   * the same id, on this process or another, so this tries {@link joinGame} (or {@link spectate})
   * until a room holds the game again, backing off up to 2 s between tries. Rejects with the last
   * error after `timeoutMs` (default 30 s), and at once on an error that waiting does not cure
   * (`SEAT_TAKEN`, `UNAUTHENTICATED`, …). Resolves once the game's state has arrived. To find
   * which game to rejoin, see `Rookery.findMyGame`.
   */
  async rejoin(
    gameId: string,
    options: { timeoutMs?: number; spectate?: boolean } = {},
  ): Promise<ChessGameClient> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    const attempt = async () => {
      try {
        const game = await (options.spectate ? this.spectate(gameId) : this.joinGame(gameId));
        // Handed over with its state, as the lost connection was.
        await game
          .until(() => true, Math.max(1_000, deadline - Date.now()))
          .catch(async (err) => {
            await game.leave().catch(() => undefined);
            throw err;
          });
        return game;
      } catch (err) {
        throw toJoinError(err);
      }
    };
    return retryUntil(attempt, (err) => WORTH_RETRYING.has((err as RookeryError).code), deadline);
  }

  private async join(
    open: (client: ColyseusClient) => Promise<Room<ChessState>>,
    signedIn = true,
  ): Promise<ChessGameClient> {
    const { room, session } = await joinWithSession(this.rookery, this.colyseus, open, signedIn);
    const game = new ChessGameClient(room);
    game.userId = session?.user.id;
    return game;
  }
}
