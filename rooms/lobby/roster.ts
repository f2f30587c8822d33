import { type LobbyState, LobbyUserState } from '../../schema/lobby.state.ts';
import type { OnlinePage, OnlinePagePayload, OnlinePlayer } from '../../schema/lobby.ts';
import type { LiveGameEvent, LiveGameSummary } from '../shared/matches.ts';
import type { Showcase } from './audience.ts';
import type { ChallengeParty } from './challenges.ts';
import { LobbyPresence } from './presence.ts';
import { liveGameState, playersOf } from './projection.ts';

/** How many users the roster lists in the state, and how many a page holds. */
export interface RosterLimits {
  shown: number;
  page: number;
  /**
   * While the list is full, the count is synced every `ceil(count / countPerTick)` calls of
   * `syncCount(true)`: about `countPerTick` connections are sent the count a tick, however many.
   */
  countPerTick: number;
  /** Places of the list freed by departures that each tick fills, longest waiting first. */
  refillPerTick: number;
  /** Live games the state lists at most: the most recently started. */
  gamesShown: number;
  /**
   * Games the list takes in at most each time it is brought up to date (each in the place of the
   * oldest listed, once it is full): every game listed is sent to every connection, and a
   * cluster seating hundreds of games at once would otherwise replace the whole list in one frame.
   */
  gamesRefillPerTick: number;
}

/**
 * Who is in the lobby and what the cluster plays, kept in step with the synced state: the users
 * online (once however many tabs), the live games of every node, and who plays in which.
 *
 * The state lists at most `limits.shown` users online: the first to come; places freed by
 * departures are filled on the room's ticks, a few a tick, by those who have waited longest
 * (showing someone is sent to everyone, so a crowd leaving at once is not followed by a crowd
 * of entries). A join beyond that changes only the
 * count, and the count of a full list is brought up to date by `syncCount` (the room calls it
 * once a second; the fuller the lobby the fewer of those calls sync it, so the count's frames
 * stay near `countPerTick` a second), so a join costs the others nothing however full the lobby is. Everyone online
 * can be read a page at a time (`page`).
 *
 * The live games are bounded the same way: the state lists the `limits.gamesShown` most recently
 * started and counts them all (`gamesCount`), brought up to date on the room's ticks as the count
 * is, so a lobby's first state does not grow with the games played and a busy cluster's starts
 * and ends reach the lobby's connections about `countPerTick` a second, not each of them once a
 * game; each time, at most `gamesRefillPerTick` newer games take the places of ended or older ones,
 * so the frame that carries them stays small however many games started meanwhile (a full list
 * of a hundred games is some 30 KB, sent to each connection). A player's entry says which game
 * they play, listed or not, at once.
 */
export class LobbyRoster {
  private readonly people = new LobbyPresence();
  /** Lower-cased username → user id, of the users online. */
  private readonly names = new Map<string, string>();
  /** The users online: name and whether a guest. */
  private readonly users = new Map<string, ChallengeParty>();
  /** The users online but not listed in the state, longest waiting first. */
  private readonly unlisted = new Set<string>();
  /** `syncCount(true)` calls since the count was last synced. */
  private ticks = 0;
  private readonly games = new Map<string, LiveGameSummary>();
  /** Whether a game started or ended since the listed games were last synced. */
  private gamesChanged = false;
  /** `syncCount(true)` calls since the listed games were last brought up to date. */
  private gameTicks = 0;
  /** While the first listing of live games is read: the games that ended meanwhile. */
  private endedWhileListing: Set<string> | null = new Set();

  constructor(
    private readonly state: LobbyState,
    private readonly showcase: Showcase,
    private readonly limits: RosterLimits,
  ) {}

  connect(user: ChallengeParty, sessionId: string): void {
    if (!this.people.connect(user.userId, sessionId)) return;
    this.users.set(user.userId, user);
    this.names.set(user.name.toLowerCase(), user.userId);
    if (this.state.online.size < this.limits.shown) this.list(user);
    else this.unlisted.add(user.userId);
    this.syncCount(false);
  }

  /** A connection left; true when it was the user's last (they just went offline). */
  disconnect(user: ChallengeParty, sessionId: string): boolean {
    if (!this.people.disconnect(user.userId, sessionId)) return false;
    this.users.delete(user.userId);
    this.names.delete(user.name.toLowerCase());
    this.unlisted.delete(user.userId);
    const entry = this.state.online.get(user.userId);
    if (entry) {
      this.showcase.drop(entry);
      this.state.online.delete(user.userId);
    }
    this.syncCount(false);
    return true;
  }

  /**
   * Brings the synced count up to date: at once while every user online is listed (the list
   * changes anyway), otherwise on the room's periodic calls (`tick`), one in
   * `ceil(count / countPerTick)`. A tick also lists the users waiting for a place, and one in
   * `ceil(count / countPerTick)` the live games as they are then: every change of the list is a
   * frame to every connection, so a busy cluster's games reach a full lobby about as often as
   * its count does.
   */
  syncCount(tick: boolean): void {
    const count = this.people.onlineCount;
    // Ticks between two frames of the count, or of the live games, to every connection.
    const period = Math.ceil(count / this.limits.countPerTick);
    if (tick && ++this.gameTicks >= period) {
      this.gameTicks = 0;
      this.syncGames();
    }
    if (tick) this.refill();
    if (tick) this.ticks++;
    if (this.unlisted.size > 0 && (!tick || this.ticks < period)) return;
    this.ticks = 0;
    this.state.onlineCount = count;
  }

  /**
   * A page of the users online that `viewer` may see (`sees`), in name order: those whose name
   * contains `query`, after the name `after`.
   */
  page(request: OnlinePagePayload, sees: (ownerId: string) => boolean): OnlinePage {
    const after = request.after?.toLowerCase() ?? '';
    const query = request.query?.trim().toLowerCase() ?? '';
    const names: string[] = [];
    for (const [name, userId] of this.names) {
      if (name > after && (query === '' || name.includes(query)) && sees(userId)) names.push(name);
    }
    names.sort();
    const players = names.slice(0, this.limits.page).map((name) => this.player(this.names.get(name)!));
    const next = names.length > this.limits.page ? names[this.limits.page - 1]! : null;
    return { players, next };
  }

  private player(userId: string): OnlinePlayer {
    const { name, guest } = this.users.get(userId)!;
    const gameId = this.people.gameOf(userId);
    const game = gameId ? (this.games.get(gameId)?.game ?? '') : '';
    return { userId, name, guest, status: gameId ? 'playing' : 'idle', gameId: gameId ?? '', game };
  }

  /** Lists up to `refillPerTick` of the users waiting, in free places. */
  private refill(): void {
    let places = Math.min(this.limits.shown - this.state.online.size, this.limits.refillPerTick);
    for (const userId of this.unlisted) {
      if (places-- <= 0) break;
      this.unlisted.delete(userId);
      this.list(this.users.get(userId)!);
    }
  }

  /** Puts the user in the synced list. */
  private list(user: ChallengeParty): void {
    const entry = new LobbyUserState();
    Object.assign(entry, { userId: user.userId, name: user.name, guest: user.guest });
    this.state.online.set(user.userId, entry);
    this.showcase.show(entry, user.userId);
    this.show(user.userId);
  }

  isOnline(userId: string): boolean {
    return this.people.isOnline(userId);
  }

  sessionsOf(userId: string): string[] {
    return this.people.sessionsOf(userId);
  }

  /** The live game to watch the user in, if they are playing. */
  gameOf(userId: string): string | undefined {
    return this.people.gameOf(userId);
  }

  /** Where each of these users is (`PlayerDirectory.presenceOf`): at most 500 asked at once. */
  presenceOf(userIds: unknown): Array<{ userId: string; online: boolean; gameId: string | null }> {
    if (!Array.isArray(userIds)) return [];
    return userIds
      .slice(0, 500)
      .filter((id): id is string => typeof id === 'string')
      .map((userId) => ({ userId, online: this.isOnline(userId), gameId: this.gameOf(userId) ?? null }));
  }

  /** The user online under `username`, in any letter case. */
  userIdOf(username: string): string | undefined {
    return this.names.get(username.toLowerCase());
  }

  /**
   * The first listing of the cluster's live games (read after following the channel, so a game
   * that ended in between is not shown); the players it seats.
   */
  listed(games: readonly LiveGameSummary[]): string[] {
    const ended = this.endedWhileListing;
    this.endedWhileListing = null;
    const seated = games
      .filter((game) => !ended?.has(game.gameId))
      .flatMap((game) => this.follow({ type: 'started', game }));
    this.syncGames();
    return seated;
  }

  /** A game started or ended; the players who just sat down to play. */
  follow(event: LiveGameEvent): string[] {
    if (event.type === 'started') {
      const { game } = event;
      if (this.games.has(game.gameId)) return [];
      this.games.set(game.gameId, game);
      this.gamesChanged = true;
      for (const userId of playersOf(game)) {
        this.people.startPlaying(userId, game.gameId);
        this.show(userId);
      }
      return playersOf(game);
    }
    const game = this.games.get(event.gameId);
    if (!game) {
      this.endedWhileListing?.add(event.gameId);
      return [];
    }
    this.games.delete(event.gameId);
    this.gamesChanged = true;
    for (const userId of playersOf(game)) {
      this.people.stopPlaying(userId, event.gameId);
      this.show(userId);
    }
    return [];
  }

  /**
   * Brings the listed live games up to date, when they changed: those that ended leave, and up to
   * `gamesRefillPerTick` of the newest not listed come in, each newer than the oldest listed one it
   * displaces when the list is full; the count of them all. Games left over come in on later ticks.
   */
  private syncGames(): void {
    if (!this.gamesChanged) return;
    this.gamesChanged = false;
    const listed = this.state.games;
    for (const gameId of [...listed.keys()]) if (!this.games.has(gameId)) listed.delete(gameId);
    const byAge = (a: { startedAt: number }, b: { startedAt: number }) => b.startedAt - a.startedAt;
    const newest = [...this.games.values()].sort(byAge).slice(0, this.limits.gamesShown);
    const coming = newest.filter((game) => !listed.has(game.gameId));
    const taken = coming.slice(0, this.limits.gamesRefillPerTick);
    // Still changed when some newer games wait for a later tick.
    if (taken.length < coming.length) this.gamesChanged = true;
    const free = this.limits.gamesShown - listed.size;
    if (taken.length > free) {
      const oldest = [...listed.values()].sort(byAge).slice(listed.size - (taken.length - free));
      for (const game of oldest) listed.delete(game.gameId);
    }
    for (const game of taken) listed.set(game.gameId, liveGameState(game));
    this.state.gamesCount = this.games.size;
  }

  /** Whether the user shows as playing, and where. */
  private show(userId: string): void {
    const entry = this.state.online.get(userId);
    if (!entry) return;
    const gameId = this.people.gameOf(userId);
    entry.status = gameId ? 'playing' : 'idle';
    entry.gameId = gameId ?? '';
    entry.game = gameId ? (this.games.get(gameId)?.game ?? '') : '';
  }
}
