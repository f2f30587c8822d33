import type { Room } from '@colyseus/sdk';
import type { LobbyState } from '../schema/lobby.state.ts';
import {
  type ChallengeClosed,
  type ChallengeOffer,
  LOBBY_CLOSE_CODES,
  LOBBY_ROOM_ID,
  type LobbyMatch,
  type OnlinePage,
  type OnlinePagePayload,
  type SeekAccepted,
  type SeekCreated,
  type SeekCreatePayload,
} from '../schema/lobby.ts';
import type { PartyInvite } from '../schema/party.ts';
import { ChessRooms } from './chess.ts';
import { RookeryError } from './errors.ts';
import { RoomFollower } from './follow.ts';
import { GolfRooms } from './golf.ts';
import { Inbox, RoomClosedError } from './inbox.ts';
import { type MatchRooms, type QueueGameName, type QueueGames, seatIn } from './matchmaking.ts';
import type { RookeryClient } from './rest.ts';
import { toRequestError } from './room-errors.ts';
import { joinWithSession } from './session-join.ts';
import { StateWatch } from './state-watch.ts';

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

/** What the lobby sends one user, as kept by the client's inbox. */
type LobbyMessage =
  | ({ type: 'match' } & LobbyMatch)
  | ({ type: 'challenge' } & ChallengeOffer)
  | ({ type: 'challenge:declined' | 'challenge:expired' } & ChallengeClosed)
  | ({ type: 'party:invite' } & PartyInvite);

const strip = <T extends { type: string }>({ type: _type, ...rest }: T) => rest;
const closedEvent = (m: LobbyMessage) =>
  ({ ...strip(m), reason: m.type === 'challenge:declined' ? 'declined' : 'expired' }) as ChallengeClosedEvent;
const isClosed = (m: LobbyMessage) => m.type === 'challenge:declined' || m.type === 'challenge:expired';

/**
 * The lobby as one signed-in user sees it: who is online (and who plays where; the first
 * {@link LOBBY_ONLINE_SHOWN} in the state, everyone through {@link onlinePage}), the open seeks,
 * the live games of the whole cluster and the chat, as synced state; seeks, challenges and chat
 * as requests that resolve when the lobby has done them and reject with a {@link RookeryError}
 * (`OWN_SEEK`, `RATING_OUT_OF_RANGE`, `RATE_LIMITED`, …) when it will not.
 *
 * When a seek or challenge is accepted, every player gets a {@link LobbyMatch}: their seats are
 * held in a new room of its game for a short while; {@link joinMatch} takes the seat.
 *
 * @example
 *   const lobby = await LobbyClient.join(rookery);
 *   const seekId = await lobby.postSeek({ timeControl: '3+2', rated: true });
 *   const game = await lobby.joinMatch(await lobby.nextMatch());
 *   await game.move('e2e4');
 *   // Golf: a table of four, one seat a computer player, two seats for whoever accepts.
 *   await lobby.postSeek({ game: 'golf', seats: 4, computers: 1, options: { holes: 3 }, rated: false });
 *   const table = await lobby.joinMatch(await lobby.nextMatch(), 'golf');
 */
export class LobbyClient {
  private readonly watch: StateWatch<LobbyState>;
  private readonly inbox: Inbox<LobbyMessage>;
  private readonly follower: RoomFollower<LobbyState>;

  private constructor(
    room: Room<LobbyState>,
    /** Where matches are played, with the same session. */
    readonly rooms: MatchRooms,
    /** The signed-in user. */
    readonly userId: string,
    reopen: () => Promise<Room<LobbyState>>,
  ) {
    this.watch = new StateWatch(room, (state) => state?.online !== undefined);
    this.inbox = new Inbox<LobbyMessage>(
      room,
      ['match', 'challenge', 'challenge:declined', 'challenge:expired', 'party:invite'],
      [],
      false,
    );
    // Refusals of plain `send`s arrive as `error` messages; requests get theirs as rejections.
    room.onMessage('error', () => undefined);
    this.follower = new RoomFollower(room, {
      reopen,
      leftForGood: [LOBBY_CLOSE_CODES.abuse],
      // The cluster always holds a lobby: one not found is being made again (its node died, and
      // the node that re-creates it removes the old listing first).
      notFound: 'ROOM_NOT_FOUND',
      moved: (next) => {
        this.watch.follow(next);
        this.inbox.follow(next);
        next.onMessage('error', () => undefined);
      },
    });
    this.follower.onClose((code) => this.inbox.close(new RoomClosedError(code)));
  }

  /**
   * The connection to the lobby. The lobby is one room for the whole cluster; when its server
   * process dies or drains, another re-creates it and this client joins it again by itself (for
   * up to 30 s): `room` is then the new connection, while {@link onChange}, {@link onClose}, the
   * waits and the `next…` messages carry on. The seeks of the old lobby are gone with it.
   */
  get room(): Room<LobbyState> {
    return this.follower.room;
  }

  /** Calls `listener` with the lobby after every change, across moves; returns stop. */
  onChange(listener: (state: LobbyState) => void): () => void {
    return this.follower.onChange(listener);
  }

  /** Calls `listener` once this client is out of the lobby for good, with the close code. */
  onClose(listener: (code: number) => void): () => void {
    return this.follower.onClose(listener);
  }

  /**
   * Enters the lobby with the session of `rookery` (an access token that expired is refreshed
   * once). Matches are joined through `chess` (by default a new {@link ChessRooms} on the same
   * server).
   */
  static async join(
    rookery: RookeryClient,
    options: { chess?: ChessRooms; golf?: GolfRooms } = {},
  ): Promise<LobbyClient> {
    const chess = options.chess ?? new ChessRooms(rookery);
    const golf = options.golf ?? new GolfRooms(rookery);
    if (!(await rookery.session())) {
      throw new RookeryError('UNAUTHENTICATED', 'sign in (or start a guest session) first', 401);
    }
    const open = () =>
      joinWithSession(rookery, chess.colyseus, (c) => c.joinById<LobbyState>(LOBBY_ROOM_ID, {}));
    const { room, session } = await open();
    if (!session) throw new RookeryError('UNAUTHENTICATED', 'sign in (or start a guest session) first', 401);
    return new LobbyClient(room, { chess, golf }, session.user.id, async () => (await open()).room);
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

  /**
   * Takes someone's seek: its players then get a {@link LobbyMatch}. A seek of more than two seats
   * (golf) is taken seat by seat: until its last open seat is taken, the answer is the seats left
   * (`seatsLeft`) and this player holds a place (`cancelSeek` gives it up); then it is `roomId`.
   */
  acceptSeek(seekId: string): Promise<SeekAccepted> {
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

  /**
   * A page of everyone online (the state lists only the first {@link LOBBY_ONLINE_SHOWN}), in name
   * order, optionally only names containing `query`; pass the reply's `next` as `after` for the
   * page after it (`next` is null on the last page). Users who block this user are not listed.
   */
  async onlinePage(request: OnlinePagePayload = {}): Promise<OnlinePage> {
    const { players, next } = await this.ask<OnlinePage>('online:page', request);
    return { players, next };
  }

  /** Calls `listener` with every match made for this user from now on; returns the unsubscriber. */
  onMatch(listener: (match: LobbyMatch) => void): () => void {
    return this.inbox.listen((m) => m.type === 'match' && listener(strip(m) as LobbyMatch));
  }

  /**
   * The next match made for this user (or one that came and was not taken yet); waits as long as
   * it takes unless given `timeoutMs`.
   */
  nextMatch(timeoutMs?: number): Promise<LobbyMatch> {
    return this.inbox.next((m) => m.type === 'match', timeoutMs).then((m) => strip(m) as LobbyMatch);
  }

  /** Calls `listener` with every challenge made to this user from now on. */
  onChallenge(listener: (challenge: ChallengeOffer) => void): () => void {
    return this.inbox.listen((m) => m.type === 'challenge' && listener(strip(m) as ChallengeOffer));
  }

  nextChallenge(timeoutMs?: number): Promise<ChallengeOffer> {
    return this.inbox.next((m) => m.type === 'challenge', timeoutMs).then((m) => strip(m) as ChallengeOffer);
  }

  /** Calls `listener` when a challenge of this user's is declined, or one lapses. */
  onChallengeClosed(listener: (event: ChallengeClosedEvent) => void): () => void {
    return this.inbox.listen((m) => isClosed(m) && listener(closedEvent(m)));
  }

  nextChallengeClosed(timeoutMs?: number): Promise<ChallengeClosedEvent> {
    return this.inbox.next(isClosed, timeoutMs).then(closedEvent);
  }

  /** The next invitation to a party (join it with `Matchmaking.joinParty(invite.partyId)`). */
  nextPartyInvite(timeoutMs?: number): Promise<PartyInvite> {
    return this.inbox.next((m) => m.type === 'party:invite', timeoutMs).then((m) => strip(m) as PartyInvite);
  }

  /** Where chess matches are played, with this session. */
  get chess(): ChessRooms {
    return this.rooms.chess;
  }

  /**
   * Takes the seat held for this user in the match's room, with the client of its game: a chess
   * game, or a golf table with `joinMatch(match, 'golf')` (a match of another game than the one
   * asked for rejects with VALIDATION_FAILED, naming it).
   */
  joinMatch<G extends QueueGameName = 'chess'>(match: LobbyMatch, game?: G): Promise<QueueGames[G]> {
    return seatIn(this.rooms, match, game ?? ('chess' as G));
  }

  /** Resolves once `predicate` holds for the state (checked now and after every patch). */
  until(predicate: (state: LobbyState) => boolean, timeoutMs = 10_000): Promise<LobbyState> {
    return this.watch.until(predicate, timeoutMs);
  }

  leave(): Promise<number> {
    return this.follower.leave();
  }

  private async ask<T = unknown>(type: string, payload: unknown): Promise<T> {
    try {
      return (await this.room.request(type, payload)) as T;
    } catch (err) {
      throw toRequestError(err);
    }
  }
}
