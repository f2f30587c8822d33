import type { Client } from '@colyseus/core';
import { ChatLineState, LobbyState } from '../../schema/lobby.state.ts';
import {
  LOBBY_CLOSE_CODES,
  LOBBY_SERVER_MESSAGES,
  type LobbyClientMessage,
  type LobbyMatch,
  type LobbyMatchOrigin,
} from '../../schema/lobby.ts';
import { ActorRoom, actorRoom } from '../actor/ActorRoom.ts';
import { type RoomAuth, signedIn } from '../actor/auth.ts';
import { joinError } from '../actor/join-error.ts';
import { type MessageTable, validate } from '../actor/messages.ts';
import { ChatWindow } from '../rules/chat.ts';
import { accepted, type Checked, refused } from '../rules/refusal.ts';
import type { LobbyCalls } from '../shared/calls.ts';
import { LIVE_GAMES_CHANNEL, type LiveGameEvent, type MatchOutcome } from '../shared/matches.ts';
import { ChallengeBook } from './challenge-book.ts';
import { type ChallengeParty, type ChallengeReply, offerOf } from './challenges.ts';
import { lobbyLine } from './chat.ts';
import type { LobbyRoomDeps } from './deps.ts';
import { LOBBY_MESSAGE_SCHEMAS, lobbyServerOptions } from './messages.ts';
import { LobbyRoster } from './roster.ts';
import { SeekBoard } from './seek-board.ts';

/**
 * The `lobby` room: one for the whole cluster. It shows who is online (and who plays where),
 * the open seeks, the live games of every node and a chat; it turns an accepted seek or a direct
 * challenge into a chess match with both seats held.
 *
 * Each decision is checked and made in one synchronous stretch: what must be awaited (a rating,
 * creating the match) comes before the check or after the change, so the lobby never waits on
 * the database between deciding and doing, and never holds everyone else up meanwhile.
 */
export class LobbyRoom extends ActorRoom<{ state: LobbyState }, LobbyRoomDeps> implements LobbyCalls {
  protected override readonly closeCodes = LOBBY_CLOSE_CODES;
  private roster!: LobbyRoster;
  private seeks!: SeekBoard;
  private challenges!: ChallengeBook;
  private readonly chatWindow = new ChatWindow(lobbyLine);
  private chatSerial = 0;
  /** Users muted by staff, until when (ms since the epoch). */
  private readonly muted = new Map<string, number>();
  private readonly onLiveGame = (event: LiveGameEvent) => this.playing(this.roster.follow(event));

  override async onCreate(options: unknown): Promise<void> {
    const server = this.serverOptions(options, lobbyServerOptions);
    if (!server?.singletonId)
      throw joinError('FORBIDDEN', 'the lobby is opened by the server; join it by id');
    this.roomId = server.singletonId;
    this.autoDispose = false;
    this.state = new LobbyState();
    this.roster = new LobbyRoster(this.state);
    const { maxMessagesPerSecond, maxBadMessages, badMessageWindowMs } = this.deps.settings;
    this.maxMessagesPerSecond = maxMessagesPerSecond;
    this.seeks = new SeekBoard({
      now: this.deps.now,
      maxSeeksPerUser: this.deps.settings.maxSeeksPerUser,
      ratingOf: (userId, category) => this.deps.games.ratingOf(userId, category),
      isOnline: (userId) => this.roster.isOnline(userId),
      shown: this.state.seeks,
      startMatch: async (seek, poster, accepter) =>
        (await this.startMatch('seek', seek, poster, accepter)).roomId,
    });
    this.challenges = new ChallengeBook({
      now: this.deps.now,
      schedule: this.schedule,
      settings: this.deps.settings,
      ratingOf: (userId, category) => this.deps.games.ratingOf(userId, category),
      isOnline: (userId) => this.roster.isOnline(userId),
      notify: (userId: string, type: string, message: object) => this.sendToUser(userId, type, message),
      startMatch: (challenge) => this.startMatch('challenge', challenge, challenge.from, challenge.to),
    });
    this.listen(this.clientMessages(), {
      sender: (client) => this.userOf(client),
      strikes: { max: maxBadMessages, windowMs: badMessageWindowMs },
    });
    // Follow the channel first, then read the listing: a game that starts in between is in one
    // or both (adding it twice is harmless), and one that ends in between is remembered.
    await this.presence.subscribe(LIVE_GAMES_CHANNEL, this.onLiveGame);
    await this.presence.subscribe(this.resultsChannel(), this.onResult);
    const games = await this.deps.liveGames.list().catch((err) => {
      this.deps.log.warn({ err }, 'could not list the live games; the lobby shows those that start from now');
      return [];
    });
    this.playing(this.roster.listed(games));
  }

  override onJoin(client: Client, _options: unknown, auth?: RoomAuth): void {
    const { userId, username, guest } = signedIn(auth);
    const user: ChallengeParty = { userId, name: username, guest };
    client.userData = user;
    this.roster.connect(user, client.sessionId);
    void this.deps.mutedUntil(userId).then(
      (until) => {
        if (until !== null && until > this.deps.now()) this.muted.set(userId, until);
      },
      (err) => this.deps.log.warn({ err, userId }, 'could not read whether the user is muted'),
    );
    // A new tab sees the challenges still waiting for an answer.
    for (const challenge of this.challenges.waitingFor(userId)) client.send('challenge', offerOf(challenge));
  }

  override onLeave(client: Client): void {
    const user = this.userOf(client);
    if (!user.ok || !this.roster.disconnect(user.value, client.sessionId)) return;
    this.chatWindow.forget(user.value.userId);
    // Nobody could be told of a match any more.
    this.seeks.withdrawAll(user.value.userId);
  }

  override onDispose(): void {
    super.onDispose();
    void this.presence.unsubscribe(LIVE_GAMES_CHANNEL, this.onLiveGame);
    void this.presence.unsubscribe(this.resultsChannel(), this.onResult);
  }

  // ---- messages ---------------------------------------------------------------------------

  private clientMessages(): MessageTable<LobbyClientMessage, ChallengeParty> {
    const schemas = LOBBY_MESSAGE_SCHEMAS;
    return {
      'seek:create': validate(schemas['seek:create'], (user, seek) => this.seeks.post(user, seek)),
      'seek:cancel': validate(schemas['seek:cancel'], (user, { seekId }) => this.seeks.cancel(user, seekId)),
      'seek:accept': validate(schemas['seek:accept'], (user, { seekId }) => this.seeks.accept(user, seekId)),
      'challenge:accept': validate(schemas['challenge:accept'], (user, { challengeId }) =>
        this.challenges.accept(user, challengeId),
      ),
      'challenge:decline': validate(schemas['challenge:decline'], (user, { challengeId }) =>
        this.challenges.decline(user, challengeId),
      ),
      chat: validate(schemas.chat, (user, { text }) => this.say(user, text)),
    };
  }

  private userOf(client: Client): Checked<ChallengeParty> {
    const user = client.userData as ChallengeParty | undefined;
    return user ? accepted(user) : refused('BAD_MESSAGE', 'not in the lobby');
  }

  // ---- matches ----------------------------------------------------------------------------

  /**
   * Creates the chess match with both seats held, and tells both players where to go; its room
   * id and the players' names in seat order. Its result comes back on the lobby's channel.
   */
  private async startMatch(
    origin: LobbyMatchOrigin,
    terms: { timeControl: string; rated: boolean },
    a: ChallengeParty,
    b: ChallengeParty,
  ): Promise<{ roomId: string; seated: string[] }> {
    const [white, black] = this.deps.random() < 0.5 ? [a, b] : [b, a];
    const { timeControl, rated } = terms;
    const { seatDeadlineMs } = this.deps.settings;
    const teams = [[white], [black]];
    const { roomId } = await this.deps.matches.create({
      game: 'chess',
      options: { timeControl },
      rated,
      teams,
      seatDeadlineMs,
      reportTo: this.resultsChannel(),
      origin,
    });
    const match = { roomId, timeControl, rated, origin };
    this.sendToUser(white.userId, 'match', { ...match, color: 'white' } satisfies LobbyMatch);
    this.sendToUser(black.userId, 'match', { ...match, color: 'black' } satisfies LobbyMatch);
    return { roomId, seated: [white.name, black.name] };
  }

  /**
   * A match the lobby created reported: a result is taken once (the record sends it until it is
   * taken, a repeat is no news) and shown on its challenge, if that is still held. How the
   * seating went needs nothing here: the players were told where to sit.
   */
  private readonly onResult = async (outcome: MatchOutcome): Promise<void> => {
    if (outcome.type !== 'finished') return;
    const taken = await this.deps.matches.takeReport(outcome.roomId).catch((err) => {
      this.deps.log.warn({ err, gameId: outcome.roomId }, 'could not take a match report; it comes again');
      return false;
    });
    if (taken) this.challenges.finished(outcome.roomId, outcome);
  };

  private resultsChannel(): string {
    return `lobby-results:${this.roomId}`;
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
    const userId = this.roster.userIdOf(username);
    if (!userId) return false;
    this.sendToUser(userId, type, (message ?? {}) as object);
    return true;
  }

  /** Where each of these users is (`PlayerDirectory.presenceOf`): at most 500 asked at once. */
  presenceOf(userIds: unknown): Array<{ userId: string; online: boolean; gameId: string | null }> {
    if (!Array.isArray(userIds)) return [];
    return userIds
      .slice(0, 500)
      .filter((id): id is string => typeof id === 'string')
      .map((userId) => ({
        userId,
        online: this.roster.isOnline(userId),
        gameId: this.roster.gameOf(userId) ?? null,
      }));
  }

  // ---- chat -------------------------------------------------------------------------------

  mute(userId: unknown, untilMs: unknown): boolean {
    if (typeof userId !== 'string') return false;
    if (typeof untilMs === 'number' && untilMs > this.deps.now()) this.muted.set(userId, untilMs);
    else this.muted.delete(userId);
    return true;
  }

  deleteChatLine(id: unknown): { userId: string; name: string; text: string } | null {
    const index = this.state.chat.findIndex((line) => line.id === id);
    if (index < 0) return null;
    const [line] = this.state.chat.splice(index, 1);
    return { userId: line!.userId, name: line!.name, text: line!.text };
  }

  private say(user: ChallengeParty, raw: string): Checked<object> {
    const now = this.deps.now();
    const mutedUntil = this.muted.get(user.userId);
    if (mutedUntil !== undefined && mutedUntil > now) {
      return refused('MUTED', `you are muted in chats until ${new Date(mutedUntil).toISOString()}`);
    }
    const text = this.chatWindow.say(user.userId, raw, now, this.deps.settings);
    if (!text.ok) return text;
    this.chatSerial += 1;
    const { userId, name } = user;
    this.state.chat.push(
      Object.assign(new ChatLineState(), { id: this.chatSerial, userId, name, text: text.value, at: now }),
    );
    while (this.state.chat.length > this.deps.settings.chatHistory) this.state.chat.shift();
    return accepted({});
  }

  /** Players who sit down to play are no longer looking for a game. */
  private playing(userIds: string[]): void {
    for (const userId of userIds) this.seeks.withdrawAll(userId);
  }

  // ---- plumbing ---------------------------------------------------------------------------

  private sendToUser(userId: string, type: string, message: object): void {
    for (const sessionId of this.roster.sessionsOf(userId))
      this.clients.getById(sessionId)?.send(type, message);
  }
}

/** The `lobby` room type with its services: what `server/rooms.ts` registers. */
export function createLobbyRoom(deps: LobbyRoomDeps) {
  // No spectators: the lobby shows who is there, so everyone in it is someone.
  return actorRoom(LobbyRoom, deps, 'users');
}
