import type { Client as ColyseusClient, Room } from '@colyseus/sdk';
import { type ErrorCode, isErrorCode } from '../schema/errors.ts';
import type { LobbyState } from '../schema/lobby.state.ts';
import {
  type ChallengeClosed,
  type ChallengeOffer,
  LOBBY_ROOM_ID,
  type LobbyMatch,
  type LobbyRefusal,
  type SeekCreated,
  type SeekCreatePayload,
} from '../schema/lobby.ts';
import { type ChessGameClient, ChessRooms } from './chess.ts';
import { RookeryError } from './errors.ts';
import type { RookeryClient, Session } from './rest.ts';

export {
  ChatLineState,
  LiveGamePlayerState,
  LiveGameState,
  LobbyState,
  LobbyUserState,
  SeekState,
} from '../schema/lobby.state.ts';
export * from '../schema/lobby.ts';

/** A challenge that will not be played: the opponent declined it, or nobody answered in time. */
export interface ChallengeClosedEvent extends ChallengeClosed {
  reason: 'declined' | 'expired';
}

/**
 * Messages of one type, each handed to every listener and kept until a `next` call takes it:
 * waiting for the next one never misses one that arrived a moment before. One SDK listener per
 * type for the life of the room (the SDK's signals misbehave when listeners come and go).
 */
class Mailbox<M> {
  private readonly kept: M[] = [];
  private readonly waiters = new Set<{ take: (m: M) => void; fail: (err: Error) => void }>();
  private readonly listeners = new Set<(m: M) => void>();
  private closedWith: Error | undefined;

  push(message: M): void {
    for (const listener of [...this.listeners]) listener(message);
    const [waiter] = this.waiters;
    if (waiter) {
      this.waiters.delete(waiter);
      waiter.take(message);
      return;
    }
    this.kept.push(message);
    if (this.kept.length > 50) this.kept.shift();
  }

  listen(listener: (m: M) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The oldest kept message, or the next to come; without `timeoutMs`, waits as long as it takes. */
  next(what: string, timeoutMs?: number): Promise<M> {
    const kept = this.kept.shift();
    if (kept !== undefined) return Promise.resolve(kept);
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter = {
        take: (m: M) => {
          clearTimeout(timer);
          resolve(m);
        },
        fail: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`no ${what} within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.waiters.add(waiter);
    });
  }

  /** The connection is gone: whoever waits is told, and nothing more will come. */
  close(err: Error): void {
    this.closedWith = err;
    for (const waiter of this.waiters) waiter.fail(err);
    this.waiters.clear();
  }
}

function toRookeryError(err: unknown, joining: boolean): RookeryError {
  if (err instanceof RookeryError) return err;
  const reason = (err as { reason?: Partial<LobbyRefusal> })?.reason;
  if (reason && isErrorCode(reason.code))
    return new RookeryError(reason.code, reason.message ?? reason.code, 0);
  const e = err as { message?: string; code?: number };
  const text = typeof e?.message === 'string' ? e.message : String(err);
  const status = joining && typeof e?.code === 'number' ? e.code : 0;
  // A refused join: the server's message starts with the error code.
  const match = /^([A-Z_]+): (.*)$/s.exec(text);
  if (match && isErrorCode(match[1])) return new RookeryError(match[1] as ErrorCode, match[2]!, status);
  return new RookeryError(status === 0 ? 'NETWORK' : 'INTERNAL', text, status);
}

/**
 * The lobby as one signed-in user sees it: who is online (and who plays where), the open seeks,
 * the live games of the whole cluster and the chat, as synced state; seeks, challenges and chat
 * as requests that resolve when the lobby has done them and reject with a {@link RookeryError}
 * (`OWN_SEEK`, `RATING_OUT_OF_RANGE`, `RATE_LIMITED`, …) when it will not.
 *
 * When a seek or challenge is accepted, both players get a {@link LobbyMatch}: their seats are
 * held in a new chess room for a short while; {@link joinMatch} takes the seat.
 *
 * @example
 *   const lobby = await LobbyClient.join(rookery);
 *   const seekId = await lobby.postSeek({ timeControl: '3+2', rated: true });
 *   const game = await lobby.joinMatch(await lobby.nextMatch());
 *   await game.move('e2e4');
 */
export class LobbyClient {
  private synced: boolean;
  private readonly waiters = new Set<(state: LobbyState) => void>();
  private readonly matches = new Mailbox<LobbyMatch>();
  private readonly challenges = new Mailbox<ChallengeOffer>();
  private readonly closed = new Mailbox<ChallengeClosedEvent>();

  private constructor(
    readonly room: Room<LobbyState>,
    /** Where matches are played, with the same session. */
    readonly chess: ChessRooms,
    /** The signed-in user. */
    readonly userId: string,
  ) {
    this.synced = room.state?.online !== undefined;
    room.onStateChange((state) => {
      this.synced = true;
      for (const waiter of [...this.waiters]) waiter(state);
    });
    room.onMessage('match', (m: LobbyMatch) => this.matches.push(m));
    room.onMessage('challenge', (m: ChallengeOffer) => this.challenges.push(m));
    room.onMessage('challenge:declined', (m: ChallengeClosed) =>
      this.closed.push({ ...m, reason: 'declined' }),
    );
    room.onMessage('challenge:expired', (m: ChallengeClosed) =>
      this.closed.push({ ...m, reason: 'expired' }),
    );
    // Refusals of plain `send`s arrive as `error` messages; requests get theirs as rejections.
    room.onMessage('error', () => undefined);
    room.onLeave((code: number) => {
      const gone = new Error(`the lobby closed the connection (${code})`);
      for (const box of [this.matches, this.challenges, this.closed]) box.close(gone);
    });
  }

  /**
   * Enters the lobby with the session of `rookery` (an access token that expired is refreshed
   * once). Matches are joined through `chess` (by default a new {@link ChessRooms} on the same
   * server).
   */
  static async join(rookery: RookeryClient, options: { chess?: ChessRooms } = {}): Promise<LobbyClient> {
    const chess = options.chess ?? new ChessRooms(rookery);
    const colyseus: ColyseusClient = chess.colyseus;
    let session: Session | undefined = await rookery.session();
    if (!session) throw new RookeryError('UNAUTHENTICATED', 'sign in (or start a guest session) first', 401);
    const open = async (token: string) => {
      colyseus.auth.token = token;
      return colyseus.joinById<LobbyState>(LOBBY_ROOM_ID, {});
    };
    let room: Room<LobbyState>;
    try {
      room = await open(session.accessToken);
    } catch (err) {
      const error = toRookeryError(err, true);
      if (error.code !== 'TOKEN_EXPIRED') throw error;
      session = await rookery.refresh(session);
      try {
        room = await open(session.accessToken);
      } catch (again) {
        throw toRookeryError(again, true);
      }
    }
    return new LobbyClient(room, chess, session.user.id);
  }

  get state(): LobbyState {
    return this.room.state;
  }

  /** Posts a seek; resolves with its id. */
  async postSeek(seek: SeekCreatePayload): Promise<string> {
    return (await this.ask<SeekCreated>('seek:create', seek)).seekId;
  }

  async cancelSeek(seekId: string): Promise<void> {
    await this.ask('seek:cancel', { seekId });
  }

  /** Takes someone's seek; both players then get a {@link LobbyMatch}. */
  acceptSeek(seekId: string): Promise<{ roomId: string }> {
    return this.ask('seek:accept', { seekId });
  }

  /** Accepts a challenge made to this user; both players then get a {@link LobbyMatch}. */
  acceptChallenge(challengeId: string): Promise<{ roomId: string }> {
    return this.ask('challenge:accept', { challengeId });
  }

  async declineChallenge(challengeId: string): Promise<void> {
    await this.ask('challenge:decline', { challengeId });
  }

  /** Says a line in the lobby chat. */
  async say(text: string): Promise<void> {
    await this.ask('chat', { text });
  }

  /** Calls `listener` with every match made for this user from now on; returns the unsubscriber. */
  onMatch(listener: (match: LobbyMatch) => void): () => void {
    return this.matches.listen(listener);
  }

  /**
   * The next match made for this user (or one that came and was not taken yet); waits as long as
   * it takes unless given `timeoutMs`.
   */
  nextMatch(timeoutMs?: number): Promise<LobbyMatch> {
    return this.matches.next('match', timeoutMs);
  }

  /** Calls `listener` with every challenge made to this user from now on. */
  onChallenge(listener: (challenge: ChallengeOffer) => void): () => void {
    return this.challenges.listen(listener);
  }

  nextChallenge(timeoutMs?: number): Promise<ChallengeOffer> {
    return this.challenges.next('challenge', timeoutMs);
  }

  /** Calls `listener` when a challenge of this user's is declined, or one lapses. */
  onChallengeClosed(listener: (event: ChallengeClosedEvent) => void): () => void {
    return this.closed.listen(listener);
  }

  nextChallengeClosed(timeoutMs?: number): Promise<ChallengeClosedEvent> {
    return this.closed.next('declined or expired challenge', timeoutMs);
  }

  /** Takes the seat held for this user in the match's chess room. */
  joinMatch(match: LobbyMatch): Promise<ChessGameClient> {
    return this.chess.joinGame(match.roomId);
  }

  /** Resolves once `predicate` holds for the state (checked now and after every patch). */
  until(predicate: (state: LobbyState) => boolean, timeoutMs = 10_000): Promise<LobbyState> {
    return new Promise((resolve, reject) => {
      if (this.synced && predicate(this.room.state)) return resolve(this.room.state);
      const check = (state: LobbyState) => {
        if (!predicate(state)) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(state);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`lobby condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  leave(): Promise<number> {
    return this.room.leave(true);
  }

  private async ask<T = unknown>(type: string, payload: unknown): Promise<T> {
    try {
      return (await this.room.request(type, payload)) as T;
    } catch (err) {
      throw toRookeryError(err, false);
    }
  }
}
