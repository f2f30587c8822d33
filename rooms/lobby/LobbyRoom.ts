import { type Client, Room } from '@colyseus/core';
import type { Color } from '../../schema/chess.ts';
import { ChatLineState, LobbyState, LobbyUserState } from '../../schema/lobby.state.ts';
import {
  LOBBY_CLIENT_MESSAGES,
  LOBBY_CLOSE_CODES,
  LOBBY_SERVER_MESSAGES,
  type LobbyClientMessage,
  type LobbyMatch,
  type LobbyMatchOrigin,
} from '../../schema/lobby.ts';
import { authenticate, joinError, type RoomAuth } from '../chess/auth.ts';
import { ActorSchedule } from '../shared/actor-schedule.ts';
import type { LobbyCalls } from '../shared/calls.ts';
import { LIVE_GAMES_CHANNEL, type LiveGameEvent, type LiveGameSummary } from '../shared/matches.ts';
import { ChallengeBook } from './challenge-book.ts';
import { type ChallengeParty, type ChallengeReply, offerOf } from './challenges.ts';
import type { LobbyRoomDeps } from './deps.ts';
import { LOBBY_MESSAGE_SCHEMAS, type LobbyMessagePayload } from './messages.ts';
import { LobbyPresence } from './presence.ts';
import { liveGameState, playersOf } from './projection.ts';
import { accepted, admit, type Checked, type Refusal, refused } from './refusal.ts';
import { SeekBoard } from './seek-board.ts';

/** Who a lobby connection belongs to, and how often it was refused lately. */
interface ClientData {
  user: ChallengeParty;
  strikes: number[];
}

/** A reply context of a request (`room.request`); plain `send` messages have no id. */
interface ReplyContext {
  id?: number;
  reject(reason: unknown): void;
}

/** Options only the server gives: it creates the one lobby of the cluster under a fixed id. */
interface ServerOptions {
  serverKey?: string;
  singletonId?: string;
}

/**
 * The `lobby` room: one for the whole cluster. It shows who is online (and who plays where),
 * the open seeks, the live games of every node and a chat; it turns an accepted seek or a direct
 * challenge into a chess match with both seats held.
 *
 * Each decision is checked and made in one synchronous stretch: what must be awaited (a rating,
 * creating the match) comes before the check or after the change, so the lobby never waits on
 * the database between deciding and doing, and never holds everyone else up meanwhile.
 */
export abstract class LobbyRoom extends Room<{ state: LobbyState }> implements LobbyCalls {
  protected abstract readonly deps: LobbyRoomDeps;

  private readonly people = new LobbyPresence();
  /** Lower-cased username → user id, of the users online. */
  private readonly names = new Map<string, string>();
  private seeks!: SeekBoard;
  private challenges!: ChallengeBook;
  private readonly games = new Map<string, LiveGameSummary>();
  private readonly chatMoments = new Map<string, number[]>();
  private chatSerial = 0;
  private schedule!: ActorSchedule;
  /** While the first listing of live games is read: the games that ended meanwhile. */
  private endedWhileListing: Set<string> | null = new Set();
  private readonly onLiveGame = (event: LiveGameEvent) => this.follow(event);

  override async onCreate(options: unknown): Promise<void> {
    const server = (options ?? {}) as ServerOptions;
    if (!this.deps.serverKey.accepts(server.serverKey) || !server.singletonId) {
      throw joinError(403, 'FORBIDDEN', 'the lobby is opened by the server; join it by id');
    }
    this.roomId = server.singletonId;
    this.autoDispose = false;
    this.state = new LobbyState();
    this.maxMessagesPerSecond = this.deps.settings.maxMessagesPerSecond;
    this.schedule = new ActorSchedule((err, timer) =>
      this.deps.log.error({ err, roomId: this.roomId, timer }, 'lobby timer failed'),
    );
    this.seeks = new SeekBoard({
      now: this.deps.now,
      maxSeeksPerUser: this.deps.settings.maxSeeksPerUser,
      ratingOf: (userId, category) => this.deps.games.ratingOf(userId, category),
      isOnline: (userId) => this.people.isOnline(userId),
      shown: this.state.seeks,
      startMatch: (seek, poster, accepter) => this.startMatch('seek', seek, poster, accepter),
    });
    this.challenges = new ChallengeBook({
      now: this.deps.now,
      schedule: this.schedule,
      settings: this.deps.settings,
      ratingOf: (userId, category) => this.deps.games.ratingOf(userId, category),
      isOnline: (userId) => this.people.isOnline(userId),
      notify: (userId: string, type: string, message: object) => this.sendToUser(userId, type, message),
      startMatch: (challenge) => this.startMatch('challenge', challenge, challenge.from, challenge.to),
    });
    for (const type of LOBBY_CLIENT_MESSAGES) {
      this.onMessage(type, (client: Client, payload: unknown, ctx?: ReplyContext) =>
        this.receive(client, type, payload, ctx),
      );
    }
    this.onMessage('*', (client: Client, type: unknown) => {
      this.refuse(client, { code: 'BAD_MESSAGE', message: `unknown message type "${String(type)}"` });
    });
    // Follow the channel first, then read the listing: a game that starts in between is in one
    // or both (adding it twice is harmless), and one that ends in between is remembered.
    await this.presence.subscribe(LIVE_GAMES_CHANNEL, this.onLiveGame);
    try {
      const ended = this.endedWhileListing;
      for (const game of await this.deps.liveGames.list()) {
        if (!ended?.has(game.gameId)) this.follow({ type: 'started', game });
      }
    } catch (err) {
      this.deps.log.warn({ err }, 'could not list the live games; the lobby shows those that start from now');
    } finally {
      this.endedWhileListing = null;
    }
  }

  static override async onAuth(_token: string, _options: unknown): Promise<RoomAuth> {
    throw new Error('a lobby room class is made by createLobbyRoom');
  }

  override onJoin(client: Client, _options: unknown, auth?: RoomAuth): void {
    if (auth?.kind !== 'user') throw joinError(401, 'UNAUTHENTICATED', 'sign in (an access token) to enter');
    const { userId, username, guest } = auth.claims;
    const user = { userId, name: username, guest };
    client.userData = { user, strikes: [] } satisfies ClientData;
    if (this.people.connect(userId, client.sessionId)) {
      const entry = new LobbyUserState();
      Object.assign(entry, { userId, name: username, guest });
      this.state.online.set(userId, entry);
      this.names.set(username.toLowerCase(), userId);
      this.state.onlineCount = this.people.onlineCount;
      this.showUser(userId);
    }
    // A new tab sees the challenges still waiting for an answer.
    for (const challenge of this.challenges.waitingFor(userId)) client.send('challenge', offerOf(challenge));
  }

  override onLeave(client: Client): void {
    const data = client.userData as ClientData | undefined;
    if (!data || !this.people.disconnect(data.user.userId, client.sessionId)) return;
    const { userId } = data.user;
    this.state.online.delete(userId);
    this.names.delete(data.user.name.toLowerCase());
    this.state.onlineCount = this.people.onlineCount;
    this.chatMoments.delete(userId);
    // Nobody could be told of a match any more.
    this.seeks.withdrawAll(userId);
  }

  override onDispose(): void {
    this.schedule?.clearAll();
    void this.presence.unsubscribe(LIVE_GAMES_CHANNEL, this.onLiveGame);
  }

  // ---- messages ---------------------------------------------------------------------------

  private async receive(
    client: Client,
    type: LobbyClientMessage,
    payload: unknown,
    ctx?: ReplyContext,
  ): Promise<unknown> {
    const data = client.userData as ClientData | undefined;
    const parsed = LOBBY_MESSAGE_SCHEMAS[type].safeParse(payload);
    if (!data || !parsed.success) {
      return this.refuse(client, { code: 'BAD_MESSAGE', message: `malformed "${type}" message` }, type, ctx);
    }
    let outcome: Checked<object>;
    try {
      outcome = await this.act(data.user, type, parsed.data);
    } catch (err) {
      this.deps.log.error({ err, type }, 'a lobby request failed');
      outcome = refused('SERVER_BUSY', 'that could not be done now; nothing changed, try again');
    }
    if (!outcome.ok) return this.refuse(client, outcome.refusal, type, ctx);
    return { ok: true, ...outcome.value };
  }

  private act(user: ChallengeParty, type: LobbyClientMessage, payload: unknown): Promise<Checked<object>> {
    switch (type) {
      case 'seek:create':
        return this.seeks.post(user, payload as LobbyMessagePayload<'seek:create'>);
      case 'seek:cancel':
        return Promise.resolve(this.seeks.cancel(user, (payload as { seekId: string }).seekId));
      case 'seek:accept':
        return this.seeks.accept(user, (payload as { seekId: string }).seekId);
      case 'challenge:accept':
        return this.challenges.accept(user, (payload as { challengeId: string }).challengeId);
      case 'challenge:decline':
        return Promise.resolve(
          this.challenges.decline(user, (payload as { challengeId: string }).challengeId),
        );
      case 'chat':
        return Promise.resolve(this.say(user, (payload as { text: string }).text));
    }
  }

  // ---- matches ----------------------------------------------------------------------------

  /** Creates the chess match with both seats held, and tells both players where to go. */
  private async startMatch(
    origin: LobbyMatchOrigin,
    terms: { timeControl: string; rated: boolean },
    a: ChallengeParty,
    b: ChallengeParty,
  ): Promise<string> {
    const [white, black] = this.deps.random() < 0.5 ? [a, b] : [b, a];
    const { roomId } = await this.deps.matches.create({
      game: 'chess',
      timeControl: terms.timeControl,
      rated: terms.rated,
      teams: [[white], [black]],
      seatDeadlineMs: this.deps.settings.seatDeadlineMs,
      origin,
    });
    const tell = (player: ChallengeParty, color: Color) =>
      this.sendToUser(player.userId, 'match', {
        roomId,
        color,
        timeControl: terms.timeControl,
        rated: terms.rated,
        origin,
      } satisfies LobbyMatch);
    tell(white, 'white');
    tell(black, 'black');
    return roomId;
  }

  // ---- direct challenges, asked by the control plane (`remoteRoomCall`, from any node) -----

  /** Delivers a challenge to the opponent's lobby connections (`ChallengeDesk.create`). */
  createChallenge(input: unknown): Promise<ChallengeReply> {
    return this.challenges.create(input);
  }

  /** How a challenge stands, for one of its two players (`ChallengeDesk.get`). */
  challengeStatus(id: unknown, userId: unknown): ChallengeReply {
    if (typeof id !== 'string' || typeof userId !== 'string') {
      return { ok: false, code: 'CHALLENGE_NOT_FOUND', message: 'no such challenge' };
    }
    return this.challenges.status(id, userId);
  }

  /**
   * Sends `message` as `type` to every lobby connection of the user named (in any letter case):
   * how other rooms reach a player, such as a party invitation. False when they are not here.
   * The lobby's own message types cannot be sent this way.
   */
  deliver(username: unknown, type: unknown, message: unknown): boolean {
    if (typeof username !== 'string' || typeof type !== 'string' || !/^[a-z][a-z:-]{0,31}$/.test(type))
      return false;
    if ((LOBBY_SERVER_MESSAGES as readonly string[]).includes(type)) return false;
    const userId = this.names.get(username.toLowerCase());
    if (!userId) return false;
    this.sendToUser(userId, type, (message ?? {}) as object);
    return true;
  }

  // ---- chat -------------------------------------------------------------------------------

  private say(user: ChallengeParty, text: string): Checked<object> {
    const line = text.trim();
    const { chatMaxLength, chatLines, chatWindowMs, chatHistory } = this.deps.settings;
    if (line === '') return refused('VALIDATION_FAILED', 'say something');
    if ([...line].length > chatMaxLength) {
      return refused('VALIDATION_FAILED', `at most ${chatMaxLength} characters a line`);
    }
    if (/\p{Cc}/u.test(line)) return refused('VALIDATION_FAILED', 'no control characters or line breaks');
    const now = this.deps.now();
    const moments = admit(this.chatMoments.get(user.userId) ?? [], now, chatLines, chatWindowMs);
    if (!moments) {
      return refused('RATE_LIMITED', `at most ${chatLines} lines every ${chatWindowMs / 1000} seconds`);
    }
    this.chatMoments.set(user.userId, moments);
    const entry = new ChatLineState();
    this.chatSerial += 1;
    Object.assign(entry, { id: this.chatSerial, userId: user.userId, name: user.name, text: line, at: now });
    this.state.chat.push(entry);
    while (this.state.chat.length > chatHistory) this.state.chat.shift();
    return accepted({});
  }

  // ---- live games of the cluster ----------------------------------------------------------

  private follow(event: LiveGameEvent): void {
    if (event.type === 'started') {
      const { game } = event;
      if (this.games.has(game.gameId)) return;
      this.games.set(game.gameId, game);
      this.state.games.set(game.gameId, liveGameState(game));
      for (const userId of playersOf(game)) {
        this.people.startPlaying(userId, game.gameId);
        this.showUser(userId);
        // A player who sits down to play is no longer looking for a game.
        this.seeks.withdrawAll(userId);
      }
      return;
    }
    const game = this.games.get(event.gameId);
    if (!game) {
      this.endedWhileListing?.add(event.gameId);
      return;
    }
    this.games.delete(event.gameId);
    this.state.games.delete(event.gameId);
    for (const userId of playersOf(game)) {
      this.people.stopPlaying(userId, event.gameId);
      this.showUser(userId);
    }
  }

  private showUser(userId: string): void {
    const entry = this.state.online.get(userId);
    if (!entry) return;
    const gameId = this.people.gameOf(userId);
    entry.status = gameId ? 'playing' : 'idle';
    entry.gameId = gameId ?? '';
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private sendToUser(userId: string, type: string, message: object): void {
    for (const sessionId of this.people.sessionsOf(userId))
      this.clients.getById(sessionId)?.send(type, message);
  }

  /** Answers a refusal; a connection refused too often in a short while is closed. */
  private refuse(client: Client, refusal: Refusal, request?: string, ctx?: ReplyContext): Refusal {
    const data = client.userData as ClientData | undefined;
    if (data) {
      const { maxBadMessages, badMessageWindowMs } = this.deps.settings;
      const strikes = admit(data.strikes, this.deps.now(), maxBadMessages, badMessageWindowMs);
      if (!strikes) {
        client.leave(LOBBY_CLOSE_CODES.abuse, 'too many refused messages');
        return refusal;
      }
      data.strikes = strikes;
    }
    if (ctx?.id !== undefined) ctx.reject(refusal);
    else client.send('error', { ...refusal, request });
    return refusal;
  }
}

/** The `lobby` room type with its services: what `server/rooms.ts` registers. */
export function createLobbyRoom(deps: LobbyRoomDeps) {
  return class extends LobbyRoom {
    protected override readonly deps = deps;
    static override onAuth(token: string, _options: unknown): Promise<RoomAuth> {
      // No spectators: the lobby shows who is there, so everyone in it is someone.
      return authenticate(deps.tokens, token, {});
    }
  };
}
