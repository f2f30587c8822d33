import { Client as ColyseusClient, type Room } from '@colyseus/sdk';
import type { PartyState } from '../schema/party.state.ts';
import { PARTY_CLOSE_CODES, type PartyChatLine, type PartyResult } from '../schema/party.ts';
import type { QueueState } from '../schema/queue.state.ts';
import {
  type DequeueReason,
  QUEUE_CLOSE_CODES,
  type QueueMatch,
  type QueueStatus,
  queueRoomId,
} from '../schema/queues.ts';
import type { ChessGameClient, ChessRooms } from './chess.ts';
import { RookeryError } from './errors.ts';
import { RoomFollower } from './follow.ts';
import { GolfRooms, type GolfTable } from './golf.ts';
import { Inbox, RoomClosedError } from './inbox.ts';
import type { RookeryClient } from './rest.ts';
import { retryUntil } from './retry.ts';
import { toRequestError, whenNoRoom } from './room-errors.ts';
import { joinWithSession } from './session-join.ts';

/** What a queue tells a waiting player. */
export type QueueMessage =
  | ({ type: 'status' } & QueueStatus)
  | ({ type: 'match' } & QueueMatch)
  | { type: 'matched'; queue: string; roomId: string }
  | { type: 'requeued'; queue: string }
  | { type: 'dequeued'; queue: string; reason: DequeueReason };

/** What a party room tells its members. */
export type PartyMessage =
  | ({ type: 'match' } & QueueMatch)
  | { type: 'dequeued'; queue: string; reason: DequeueReason }
  | ({ type: 'result' } & PartyResult)
  | ({ type: 'chat' } & PartyChatLine);

/** How long a ticket waits for its queue to come back on another node. */
const QUEUE_RETURN_MS = 30_000;

/**
 * Join errors that pass: the server was not reached, its matchmaker could not hold a seat in the
 * queue's room at that moment (the room was moving between nodes), the node asked is draining
 * (`NOT_READY`: a balancer may still send to it), or it is briefly overloaded (`SERVER_BUSY`).
 */
const TRANSIENT_JOIN_ERRORS: string[] = ['NETWORK', 'INTERNAL', 'NOT_READY', 'SERVER_BUSY'];

/** Whether the queue's connection ended without the queue ending the ticket (4200/4201). */
function queueMoved(err: unknown): boolean {
  if (!(err instanceof RoomClosedError)) return false;
  const ended: number[] = [QUEUE_CLOSE_CODES.matched, QUEUE_CLOSE_CODES.dequeued, 4000];
  return !ended.includes(err.closeCode);
}

const isMatch = (m: { type: string }): m is { type: 'match' } & QueueMatch => m.type === 'match';

/** The games a queue may match into, and the client each is played with. */
export interface QueueGames {
  chess: ChessGameClient;
  golf: GolfTable;
}

/** A game a queue plays: `chess` (the default) or `golf`. */
export type QueueGameName = keyof QueueGames;

/** The rooms matches are played in, with one session. */
export interface MatchRooms {
  chess: ChessRooms;
  golf: GolfRooms;
}

/**
 * Takes the seat held in the match of `match` (found by a queue, or made in the lobby), with the
 * client of its game. A match of another game than the one `expected` is not taken (its seat
 * lapses): the caller asked for a game of the wrong type, and is told which one it is.
 */
export async function seatIn<G extends QueueGameName>(
  rooms: MatchRooms,
  match: { game: string; roomId: string; queue?: string },
  expected: G,
): Promise<QueueGames[G]> {
  if (match.game !== expected) {
    const where = match.queue ? `queue ${match.queue} plays` : 'the match is';
    throw new RookeryError(
      'VALIDATION_FAILED',
      `${where} ${match.game}, not ${expected}: ask for it with game: '${match.game}'`,
      0,
    );
  }
  const game =
    match.game === 'golf' ? rooms.golf.joinTable(match.roomId) : rooms.chess.joinGame(match.roomId);
  return game as Promise<QueueGames[G]>;
}
const isResult = (m: { type: string }): m is { type: 'result' } & PartyResult => m.type === 'result';

/**
 * A ticket in a queue: the connection to the queue's room while the player waits. The room
 * pushes the ticket's {@link status} every tick; a `match` says where to sit.
 */
export class QueueTicket {
  readonly inbox: Inbox<QueueMessage>;
  /** The latest status (band, pool size, estimated wait). */
  status: QueueStatus | undefined;

  constructor(readonly room: Room<QueueState>) {
    this.inbox = new Inbox<QueueMessage>(
      room,
      ['status', 'match', 'matched', 'requeued', 'dequeued'],
      ['status'],
    );
    this.inbox.listen((m) => {
      if (m.type === 'status') this.status = m;
    });
  }

  /** Calls `listener` with every status from now on. */
  onStatus(listener: (status: QueueStatus) => void): () => void {
    return this.inbox.listen((m) => {
      if (m.type === 'status') listener(m);
    });
  }

  /** Leaves the queue (a ticket being seated is given up once its match reports). */
  cancel(): Promise<number> {
    return this.room.leave(true);
  }
}

/** Close codes after which the party's connection is not taken up again. */
const PARTY_LEFT_FOR_GOOD = [PARTY_CLOSE_CODES.kicked, PARTY_CLOSE_CODES.replaced, PARTY_CLOSE_CODES.abuse];

/**
 * A party: friends who queue and play together. The leader queues the party; every member gets
 * the same match (on one team where teams exist) through {@link nextMatch} or {@link playNext}.
 *
 * The party survives its node: when the connection is lost for good (the node died or drained,
 * the SDK's own reconnection failed), the client opens the party again by its code while the
 * server rebuilds it elsewhere, for up to 30 s. {@link room} is then the new connection; the
 * {@link inbox}, {@link onChange} and {@link onClose} carry on across it.
 */
export class PartyClient {
  readonly inbox: Inbox<PartyMessage>;
  private readonly follower: RoomFollower<PartyState> | undefined;
  private readonly first: Room<PartyState>;

  /** @param reopen opens the party again by its code (without it, a lost connection ends it). */
  constructor(
    room: Room<PartyState>,
    private readonly rooms: MatchRooms,
    reopen?: (code: string) => Promise<Room<PartyState>>,
  ) {
    this.first = room;
    this.inbox = new Inbox<PartyMessage>(room, ['match', 'dequeued', 'result', 'chat'], [], !reopen);
    // The party tells a member's seat again when the member comes back during the seating.
    this.inbox.dropRepeats((m) =>
      m.type === 'match' ? m.roomId : m.type === 'result' ? `result:${m.roomId}` : undefined,
    );
    if (reopen) {
      const code = room.roomId;
      this.follower = new RoomFollower(room, {
        reopen: () => reopen(code),
        leftForGood: PARTY_LEFT_FOR_GOOD,
        notFound: 'PARTY_NOT_FOUND',
        moved: (next) => this.inbox.follow(next),
      });
      this.follower.onClose((closeCode) => this.inbox.close(new RoomClosedError(closeCode)));
    }
  }

  /** The connection to the party's room (a new one after the party moved). */
  get room(): Room<PartyState> {
    return this.follower?.room ?? this.first;
  }

  get state(): PartyState {
    return this.room.state;
  }

  /** The party's id, which is also its invite code. */
  get code(): string {
    return this.room.roomId;
  }

  /** Calls `listener` with the party after every change, across moves; returns stop. */
  onChange(listener: (state: PartyState) => void): () => void {
    if (this.follower) return this.follower.onChange(listener);
    const signal = this.first.onStateChange(listener);
    return () => signal.remove(listener);
  }

  /**
   * Calls `listener` once the client is out of the party for good, with the close code (4000
   * when it left, 4403 kicked, 4409 opened elsewhere, or the code of a connection that could not
   * be taken up again). Returns stop.
   */
  onClose(listener: (code: number) => void): () => void {
    if (this.follower) return this.follower.onClose(listener);
    const signal = this.first.onLeave(listener);
    return () => signal.remove(listener);
  }

  setReady(ready: boolean): Promise<void> {
    return this.ask('ready', { ready });
  }
  kick(userId: string): Promise<void> {
    return this.ask('kick', { userId });
  }
  promote(userId: string): Promise<void> {
    return this.ask('promote', { userId });
  }
  /** Sends the invite code to an online player (through the lobby). */
  invite(username: string): Promise<void> {
    return this.ask('invite', { username });
  }
  say(text: string): Promise<void> {
    return this.ask('chat', { text });
  }
  /** Leader only, everyone ready: queues the whole party as one ticket. */
  queue(queue: string, options: { region?: string } = {}): Promise<void> {
    return this.ask('queue', { queue, ...options });
  }
  unqueue(): Promise<void> {
    return this.ask('unqueue', {});
  }

  /** The next match offered to this member. */
  nextMatch(timeoutMs?: number): Promise<QueueMatch> {
    return this.inbox.next(isMatch, timeoutMs) as Promise<QueueMatch>;
  }

  /**
   * How the party's next match ends (each seat's score, placing and rating change; the party's
   * own seat is `seat`, and `members` gives each member's own seat and line of it, which at a
   * table of one seat each differ), told once when the match is over. The state's `lastResult` shows the
   * last one to anyone who joins later.
   */
  nextResult(timeoutMs?: number): Promise<PartyResult> {
    return this.inbox.next(isResult, timeoutMs) as Promise<PartyResult>;
  }

  /**
   * Waits for the party's next match and takes this member's seat in it, with the client of the
   * queue's game (`'chess'` unless told: `playNext(5000, 'golf')` gives a golf table).
   */
  async playNext<G extends QueueGameName = 'chess'>(timeoutMs?: number, game?: G): Promise<QueueGames[G]> {
    const match = await this.nextMatch(timeoutMs);
    return seatIn(this.rooms, match, game ?? ('chess' as G));
  }

  leave(): Promise<number> {
    return this.follower ? this.follower.leave() : this.room.leave(true);
  }

  private async ask(type: string, payload: unknown): Promise<void> {
    try {
      await this.room.request(type, payload);
    } catch (err) {
      throw toRequestError(err);
    }
  }
}

export interface QueuePlayOptions<G extends QueueGameName = QueueGameName> {
  /** A queue profile id (`GET /api/queues`), e.g. `blitz-rated`. */
  queue: string;
  /** The queue's game (its profile's `game`): `chess` unless told; `golf` resolves with a golf table. */
  game?: G;
  region?: string;
  /** Told of every status while waiting. */
  onStatus?: (status: QueueStatus) => void;
  /** Gives up after this long without a started match. */
  timeoutMs?: number;
}

/**
 * Queues and parties with the session of a {@link RookeryClient}.
 *
 * @example
 *   const chess = new ChessRooms(rookery);
 *   const mm = new Matchmaking(rookery, chess);
 *   const game = await mm.play({ queue: 'blitz-rated', onStatus: (s) => console.log(s.band) });
 *   await game.move('e2e4');
 *   const table = await mm.play({ queue: 'golf-casual', game: 'golf' });
 *   await table.draw();
 */
export class Matchmaking {
  readonly colyseus: ColyseusClient;
  private readonly rooms: MatchRooms;

  /** `golf` defaults to new golf rooms with the same session. */
  constructor(
    private readonly rookery: RookeryClient,
    chess: ChessRooms,
    baseUrl?: string,
    golf?: GolfRooms,
  ) {
    this.colyseus = new ColyseusClient(baseUrl ?? rookery.baseUrl);
    this.rooms = { chess, golf: golf ?? new GolfRooms(rookery, baseUrl) };
  }

  /** Takes a ticket in a queue; the connection is the ticket. */
  async join(queue: string, options: { region?: string } = {}): Promise<QueueTicket> {
    const { room } = await joinWithSession(this.rookery, this.colyseus, (c) =>
      c.joinById<QueueState>(queueRoomId(queue), { ...options }),
    ).catch(whenNoRoom('UNKNOWN_QUEUE', `no queue "${queue}"`));
    return new QueueTicket(room);
  }

  /**
   * Queues, takes the seat of the match found, and resolves with the game once it has started:
   * a chess game, or a golf table with `game: 'golf'` (a queue of another game than the one
   * asked for rejects with VALIDATION_FAILED, naming it). When someone does not come, the ticket
   * is back in the queue (with its waiting time) and this goes on waiting; when this player's own
   * seat expired it rejects with SEAT_EXPIRED.
   */
  async play<G extends QueueGameName = 'chess'>(options: QueuePlayOptions<G>): Promise<QueueGames[G]> {
    const deadline = Date.now() + (options.timeoutMs ?? Number.POSITIVE_INFINITY);
    const left = () => (options.timeoutMs === undefined ? undefined : Math.max(0, deadline - Date.now()));
    // A seat the cluster could not give at once (the queue moving between nodes) is asked again.
    let ticket = await retryUntil(
      () => this.join(options.queue, { region: options.region }),
      (err) => err instanceof RookeryError && TRANSIENT_JOIN_ERRORS.includes(err.code),
      Math.min(deadline, Date.now() + QUEUE_RETURN_MS),
    );
    let stop = options.onStatus ? ticket.onStatus(options.onStatus) : undefined;
    try {
      for (;;) {
        let match: QueueMatch;
        try {
          match = (await ticket.inbox.next(isMatch, left())) as QueueMatch;
        } catch (err) {
          if (!queueMoved(err)) throw err;
          // The queue's node stopped: the queue comes back on another node, and the ticket
          // with it, keeping its waiting time.
          stop?.();
          ticket = await this.rejoinQueue(options, deadline);
          stop = options.onStatus ? ticket.onStatus(options.onStatus) : undefined;
          continue;
        }
        const game = await seatIn(this.rooms, match, options.game ?? ('chess' as G));
        const outcome = await ticket.inbox.next((m) => m.type !== 'status' && m.type !== 'match');
        if (outcome.type === 'matched') return game;
        // Not awaited: the cancelled match may have closed the connection already, and a leave on
        // a closed connection is never answered.
        void game.leave().catch(() => undefined);
        if (outcome.type === 'dequeued') {
          throw new RookeryError('SEAT_EXPIRED', `the ticket left the queue: ${outcome.reason}`, 0);
        }
      }
    } catch (err) {
      await ticket.cancel().catch(() => undefined);
      throw err;
    } finally {
      stop?.();
    }
  }

  /**
   * Takes the seat held for this player in a match a queue found (a `match` message), with the
   * client of the match's game: a `ChessGameClient` or a `GolfTable`.
   */
  takeSeat(match: QueueMatch): Promise<QueueGames[QueueGameName]> {
    return seatIn(this.rooms, match, match.game as QueueGameName);
  }

  /** Joins the queue again while it is being re-created elsewhere (bounded by `deadline`). */
  private async rejoinQueue(options: QueuePlayOptions, deadline: number): Promise<QueueTicket> {
    // ALREADY_QUEUED: the old room (on a node that is shutting down) still holds the ticket.
    const passing = ['UNKNOWN_QUEUE', 'ALREADY_QUEUED', ...TRANSIENT_JOIN_ERRORS];
    return retryUntil(
      () => this.join(options.queue, { region: options.region }),
      (err) => err instanceof RookeryError && passing.includes(err.code),
      Math.min(deadline, Date.now() + QUEUE_RETURN_MS),
    );
  }

  /** Opens a new party and leads it; share {@link PartyClient.code}. */
  async createParty(): Promise<PartyClient> {
    const { room } = await joinWithSession(this.rookery, this.colyseus, (c) =>
      c.create<PartyState>('party', {}),
    );
    return new PartyClient(room, this.rooms, (id) => this.openParty(id));
  }

  /** Joins a party by its invite code. */
  async joinParty(code: string): Promise<PartyClient> {
    return new PartyClient(await this.openParty(code), this.rooms, (id) => this.openParty(id));
  }

  private async openParty(code: string): Promise<Room<PartyState>> {
    const { room } = await joinWithSession(this.rookery, this.colyseus, (c) =>
      c.joinById<PartyState>(code.trim().toUpperCase(), {}),
    ).catch(whenNoRoom('PARTY_NOT_FOUND', `no party "${code}"`));
    return room;
  }
}
