import { CHESS_CLOSE_CODES } from '../schema/chess.ts';
import { type ChessGameClient, ChessRooms } from './chess.ts';
import { RookeryError } from './errors.ts';
import { GolfRooms } from './golf.ts';
import { LobbyClient } from './lobby.ts';
import { Matchmaking, type QueueGameName, type QueueGames, type QueuePlayOptions } from './matchmaking.ts';
import { reconnectBriefly } from './reconnection.ts';
import { RookeryClient, type RookeryClientOptions } from './rest.ts';
import { retryUntil } from './retry.ts';

/** How a client is made: the server's address, and optionally where sessions are kept. */
export type RookeryOptions = RookeryClientOptions;

/** What {@link Rookery.autoRejoin} does when a game's connection is lost for good. */
export interface AutoRejoinOptions {
  /** Given the new connection each time the game was found again and rejoined. */
  onRejoin(game: ChessGameClient): void;
  /**
   * The game could not be rejoined: it ended while this client was away (`GAME_OVER`), or it
   * could not be reached within `timeoutMs` (the last error).
   */
  onGiveUp?(error: RookeryError): void;
  /** How long to look for the game after each loss; default 30 s. */
  timeoutMs?: number;
}

/**
 * Close codes after which a game is not to be joined again by itself: this client left (1000,
 * 4000), another connection of the same player took the seat, the room ended the connection for
 * abuse, or a match with held seats was cancelled. Any other close (the game moved, the process
 * stopped, the SDK's own reconnection failed) loses a game that may still be running.
 */
const LEFT_FOR_GOOD: ReadonlySet<number> = new Set([
  1000,
  4000,
  CHESS_CLOSE_CODES.replaced,
  CHESS_CLOSE_CODES.abuse,
  CHESS_CLOSE_CODES.cancelled,
]);

/** Lookup failures that waiting may cure: the server is restarting or busy. */
const isTransient = (err: unknown) =>
  err instanceof RookeryError && (err.code === 'NETWORK' || err.status >= 500);

/**
 * The whole client: one session shared by the control plane ({@link rest}), the chess rooms
 * ({@link chess}), queues and parties ({@link matchmaking}) and the {@link lobby}.
 *
 * @example
 *   const rookery = new Rookery({ baseUrl: 'http://localhost:2567' });
 *   await rookery.rest.guest();
 *   const game = await rookery.play({ queue: 'blitz-casual' });
 *   await game.move('e2e4');
 */
export class Rookery {
  /** Accounts, sessions, games, profiles, histories and queues over HTTP. */
  readonly rest: RookeryClient;
  /** Chess games: against the bot, open pairing, private challenges, joining and watching. */
  readonly chess: ChessRooms;
  /** Queues and parties; the seat reservation of a match is taken by `play`. */
  readonly matchmaking: Matchmaking;
  /** Golf tables: house rules, computer players, private tables, watching. */
  readonly golf: GolfRooms;

  constructor(options: RookeryOptions) {
    this.rest = new RookeryClient(options);
    this.chess = new ChessRooms(this.rest);
    this.golf = new GolfRooms(this.rest);
    this.matchmaking = new Matchmaking(this.rest, this.chess, undefined, this.golf);
  }

  /** Enters the lobby (signed in, or as a guest): presence, seeks, challenges, live games, chat. */
  lobby(): Promise<LobbyClient> {
    return LobbyClient.join(this.rest, { chess: this.chess, golf: this.golf });
  }

  /**
   * Quick play: waits in a queue (`rest.queues()` lists them), takes the seat of the match found
   * and resolves with the game once it has started.
   */
  play<G extends QueueGameName = 'chess'>(options: QueuePlayOptions<G>): Promise<QueueGames[G]> {
    return this.matchmaking.play(options);
  }

  /**
   * The lost-game lookup: finds this player's unfinished game (`gameId`, or the newest one) with
   * `/api/me/games/current` and joins it again, waiting up to `timeoutMs` (default 30 s) while
   * the server restarts or rebuilds the game on another process. Resolves with undefined when
   * there is no such game to go back to (it ended, or never started).
   */
  async findMyGame(
    gameId?: string,
    options: { timeoutMs?: number } = {},
  ): Promise<ChessGameClient | undefined> {
    const deadline = Date.now() + (options.timeoutMs ?? 30_000);
    const current = await this.untilAnswered(() => this.rest.currentGames(), deadline);
    const game = gameId === undefined ? current[0] : current.find((g) => g.id === gameId);
    if (!game) return undefined;
    return this.chess.rejoin(game.id, { timeoutMs: Math.max(0, deadline - Date.now()) });
  }

  /**
   * Keeps a player (or spectator) with a game across lost connections. A dropped connection is
   * first left to the SDK, which reconnects by itself; when the room is lost for good (the game
   * moved, close code 4410; the process stopped; the reconnection failed), the game is looked up
   * and joined again ({@link findMyGame}; a spectator watches again while the game is played),
   * and `onRejoin` gets the new connection, which is kept in turn. Stops when the game ends,
   * when the client leaves, when another connection takes the seat, or when the returned
   * function is called.
   */
  autoRejoin(game: ChessGameClient, options: AutoRejoinOptions): () => void {
    let stopped = false;
    const watch = (watched: ChessGameClient) => {
      // Read while the connection lives: the state is torn down when it closes.
      let seated = false;
      let over = false;
      const look = () => {
        seated ||= watched.color !== undefined;
        over ||= watched.state?.status === 'ended';
      };
      if (watched.state?.players) look();
      watched.room.onStateChange(look);
      reconnectBriefly(watched.room);
      watched.room.onLeave((code: number) => {
        if (stopped || over || LEFT_FOR_GOOD.has(code)) return;
        void this.recover(watched.gameId, !seated, options.timeoutMs ?? 30_000).then(
          async (next) => {
            if (stopped) return void (await next.leave());
            watch(next);
            options.onRejoin(next);
          },
          (err: unknown) => {
            if (stopped) return;
            options.onGiveUp?.(
              err instanceof RookeryError ? err : new RookeryError('INTERNAL', String(err), 0),
            );
          },
        );
      });
    };
    watch(game);
    return () => {
      stopped = true;
    };
  }

  private async recover(gameId: string, spectating: boolean, timeoutMs: number): Promise<ChessGameClient> {
    const deadline = Date.now() + timeoutMs;
    if (spectating) {
      const stored = await this.untilAnswered(() => this.rest.game(gameId), deadline);
      if (stored.status === 'ended') throw ended(gameId);
      return this.chess.rejoin(gameId, { spectate: true, timeoutMs: Math.max(0, deadline - Date.now()) });
    }
    const found = await this.findMyGame(gameId, { timeoutMs });
    if (!found) throw ended(gameId);
    return found;
  }

  /** Calls `read` until the server answers (anything but a network failure or a 5xx), or time is up. */
  private async untilAnswered<T>(read: () => Promise<T>, deadline: number): Promise<T> {
    return retryUntil(read, isTransient, deadline);
  }
}

const ended = (gameId: string) =>
  new RookeryError('GAME_OVER', `game "${gameId}" ended while this client was away`, 0);
