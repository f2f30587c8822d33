import type { Client } from '@colyseus/core';
import { LobbyState } from '../../schema/lobby.state.ts';
import {
  LOBBY_CLOSE_CODES,
  type LobbyClientMessage,
  type LobbyMatch,
  type LobbyMatchOrigin,
} from '../../schema/lobby.ts';
import { ActorRoom, actorRoom } from '../actor/ActorRoom.ts';
import { type RoomAuth, signedIn } from '../actor/auth.ts';
import { servesACrowd } from '../actor/crowded-room.ts';
import { joinError } from '../actor/join-error.ts';
import { type MessageTable, validate } from '../actor/messages.ts';
import { accepted, type Checked, refused } from '../rules/refusal.ts';
import type { LobbyCalls } from '../shared/calls.ts';
import { type LiveGamesMessage, liveGameEvents } from '../shared/live-announcements.ts';
import { LIVE_GAMES_CHANNEL, type MatchOutcome } from '../shared/matches.ts';
import { LobbyAudience } from './audience.ts';
import { BatchedReads } from './batched-reads.ts';
import { ChallengeBook } from './challenge-book.ts';
import { type ChallengeParty, type ChallengeReply, offerOf } from './challenges.ts';
import { ChatBoard } from './chat-board.ts';
import { type LobbyRoomDeps, rosterLimits } from './deps.ts';
import { type LobbyMatchTerms, resultTaken, startLobbyMatch } from './lobby-match.ts';
import { deliverable, LOBBY_MESSAGE_SCHEMAS, lobbyServerOptions } from './messages.ts';
import { LobbyRoster } from './roster.ts';
import { SeekBoard } from './seek-board.ts';

/**
 * The `lobby` room: one for the whole cluster. It shows who is online (and who plays where),
 * the open seeks, the live games of every node and a chat; it turns an accepted seek or a direct
 * challenge into a match of its game (chess, golf) with every seat held.
 *
 * Each decision is checked and made in one synchronous stretch: what must be awaited (a rating,
 * creating the match) comes before the check or after the change, so the lobby never waits on
 * the database between deciding and doing, and never holds everyone else up meanwhile.
 */
export class LobbyRoom extends ActorRoom<{ state: LobbyState }, LobbyRoomDeps> implements LobbyCalls {
  protected override readonly closeCodes = LOBBY_CLOSE_CODES;
  private audience!: LobbyAudience;
  private roster!: LobbyRoster;
  private seeks!: SeekBoard;
  private challenges!: ChallengeBook;
  private chat!: ChatBoard;
  private readonly onLiveGame = (message: LiveGamesMessage) =>
    this.playing(liveGameEvents(message).flatMap((event) => this.roster.follow(event)));

  override async onCreate(options: unknown): Promise<void> {
    const server = this.serverOptions(options, lobbyServerOptions);
    if (!server?.singletonId)
      throw joinError('FORBIDDEN', 'the lobby is opened by the server; join it by id');
    this.roomId = server.singletonId;
    this.autoDispose = false;
    this.state = new LobbyState();
    const { settings } = this.deps;
    // A full lobby's first state: a hundred games and users, ~40 KB, alike for most joiners.
    servesACrowd(this, { firstStateBytes: 64 * 1024, patchClientsPerTurn: settings.patchClientsPerTurn });
    // The users coming in together are read together.
    const standings = new BatchedReads((ids) => this.deps.standingsOf(ids), settings.standingsPerRead);
    const audience = new LobbyAudience((userId) => standings.read(userId));
    this.audience = audience;
    this.roster = new LobbyRoster(this.state, audience, rosterLimits(settings));
    // A full list of users online changes only its count as people come and go: synced in batches.
    this.schedule.every('online-count', settings.onlineCountEveryMs, async () => this.roster.syncCount(true));
    this.chat = new ChatBoard(this.state.chat, settings, audience);
    const { maxMessagesPerSecond, maxBadMessages, badMessageWindowMs } = settings;
    this.maxMessagesPerSecond = maxMessagesPerSecond;
    this.seeks = new SeekBoard({
      now: this.deps.now,
      maxSeeksPerUser: settings.maxSeeksPerUser,
      catalog: this.deps.catalog,
      ratingOf: (userId, pool) => this.deps.games.ratingOf(userId, pool),
      isOnline: (userId) => this.roster.isOnline(userId),
      sees: (viewerId, ownerId) => audience.sees(viewerId, ownerId),
      shown: audience.listing(this.state.seeks, (seek) => seek.userId),
      startMatch: async (seek, players) => (await this.startMatch('seek', seek, players)).roomId,
    });
    this.challenges = new ChallengeBook({
      now: this.deps.now,
      schedule: this.schedule,
      settings,
      catalog: this.deps.catalog,
      ratingOf: (userId, pool) => this.deps.games.ratingOf(userId, pool),
      isOnline: (userId) => this.roster.isOnline(userId),
      notify: (userId: string, type: string, message: object) => this.sendToUser(userId, type, message),
      startMatch: (challenge) => this.startMatch('challenge', challenge, [challenge.from, challenge.to]),
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

  override async onJoin(client: Client, _options: unknown, auth?: RoomAuth): Promise<void> {
    const { userId, username, guest } = signedIn(auth);
    const user: ChallengeParty = { userId, name: username, guest };
    // Who blocks the user is known before they are sent anything, and a mute before they can say
    // anything: one read for both.
    const asOf = this.chat.staffCalls;
    const { mutedUntil } = await this.audience.prepare(userId).catch((err) => {
      this.deps.log.warn({ err, userId }, 'could not read who blocks the user; the join is refused');
      throw joinError('SERVER_BUSY', 'the lobby could not be opened; try again');
    });
    this.chat.recorded(userId, mutedUntil, this.deps.now(), asOf);
    this.audience.admit(client, userId);
    client.userData = user;
    this.roster.connect(user, client.sessionId);
    // A new tab sees the challenges still waiting for an answer.
    for (const challenge of this.challenges.waitingFor(userId)) client.send('challenge', offerOf(challenge));
  }

  override onLeave(client: Client): void {
    this.audience.leave(client.sessionId);
    const user = this.userOf(client);
    if (!user.ok || !this.roster.disconnect(user.value, client.sessionId)) return;
    this.chat.forget(user.value.userId);
    // Nobody could be told of a match any more.
    this.seeks.withdrawAll(user.value.userId);
  }

  override onDispose(): void {
    super.onDispose();
    void this.presence.unsubscribe(LIVE_GAMES_CHANNEL, this.onLiveGame);
    void this.presence.unsubscribe(this.resultsChannel(), this.onResult);
  }

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
      chat: validate(schemas.chat, (user, { text }) => this.chat.say(user, text, this.deps.now())),
      'online:page': validate(schemas['online:page'], (user, request) =>
        accepted(this.roster.page(request, (ownerId) => this.audience.sees(user.userId, ownerId))),
      ),
    };
  }

  private userOf(client: Client): Checked<ChallengeParty> {
    const user = client.userData as ChallengeParty | undefined;
    return user ? accepted(user) : refused('BAD_MESSAGE', 'not in the lobby');
  }

  /** Creates the match of a seek or challenge with every seat held, and tells its players. */
  private startMatch(origin: LobbyMatchOrigin, terms: LobbyMatchTerms, players: ChallengeParty[]) {
    const { matches, random, settings } = this.deps;
    const tell = (userId: string, match: LobbyMatch) => this.sendToUser(userId, 'match', match);
    const host = {
      matches,
      random,
      seatDeadlineMs: settings.seatDeadlineMs,
      reportTo: this.resultsChannel(),
      tell,
    };
    return startLobbyMatch(host, origin, terms, players);
  }

  /** A match the lobby created reported: its result, taken once, is shown on its challenge. */
  private readonly onResult = async (outcome: MatchOutcome): Promise<void> => {
    if (outcome.type === 'finished' && (await resultTaken(this.deps, outcome)))
      this.challenges.finished(outcome.roomId, outcome);
  };

  private resultsChannel(): string {
    return `lobby-results:${this.roomId}`;
  }

  /**
   * Delivers a challenge to the opponent's lobby connections (`ChallengeDesk.create`: the control
   * plane calls it on this room from any node).
   */
  createChallenge(input: unknown): Promise<ChallengeReply> {
    return this.challenges.create(input);
  }

  /** How a challenge stands, for one of its two players (`ChallengeDesk.get`). */
  challengeStatus(id: unknown, userId: unknown): ChallengeReply {
    if (typeof id === 'string' && typeof userId === 'string') return this.challenges.status(id, userId);
    return { ok: false, code: 'CHALLENGE_NOT_FOUND', message: 'no such challenge' };
  }

  /**
   * Sends `message` as `type` to every lobby connection of the user named (in any letter case):
   * how other rooms reach a player, such as a party invitation. False when they are not here.
   * The lobby's own message types cannot be sent this way.
   */
  deliver(username: unknown, type: unknown, message: unknown): boolean {
    if (typeof username !== 'string' || !deliverable(type)) return false;
    const userId = this.roster.userIdOf(username);
    if (!userId) return false;
    this.sendToUser(userId, type, (message ?? {}) as object);
    return true;
  }

  /** Where each of these users is (`PlayerDirectory.presenceOf`). */
  presenceOf(userIds: unknown): Array<{ userId: string; online: boolean; gameId: string | null }> {
    return this.roster.presenceOf(userIds);
  }

  /** A block against the user was made or lifted (`LobbyCalls.blocksChanged`). */
  async blocksChanged(userId: unknown): Promise<boolean> {
    if (typeof userId !== 'string') return false;
    await this.audience.blocksChanged(userId);
    return true;
  }

  /** Staff muted (`untilMs`) or unmuted the user (`LobbyCalls.mute`). */
  mute(userId: unknown, untilMs: unknown): boolean {
    if (typeof userId !== 'string') return false;
    this.chat.mute(userId, typeof untilMs === 'number' ? untilMs : null, this.deps.now());
    return true;
  }

  /** Staff removed a chat line (`LobbyCalls.deleteChatLine`). */
  deleteChatLine(id: unknown): { userId: string; name: string; text: string } | null {
    return this.chat.deleteLine(id);
  }

  /** Players who sit down to play are no longer looking for a game. */
  private playing(userIds: string[]): void {
    for (const userId of userIds) this.seeks.withdrawAll(userId);
  }

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
