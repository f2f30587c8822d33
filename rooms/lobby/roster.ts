import { type LobbyState, LobbyUserState } from '../../schema/lobby.state.ts';
import type { LiveGameEvent, LiveGameSummary } from '../shared/matches.ts';
import type { Showcase } from './audience.ts';
import type { ChallengeParty } from './challenges.ts';
import { LobbyPresence } from './presence.ts';
import { liveGameState, playersOf } from './projection.ts';

/**
 * Who is in the lobby and what the cluster plays, kept in step with the synced state: the users
 * online (once however many tabs), the live games of every node, and who plays in which.
 */
export class LobbyRoster {
  private readonly people = new LobbyPresence();
  /** Lower-cased username → user id, of the users online. */
  private readonly names = new Map<string, string>();
  private readonly games = new Map<string, LiveGameSummary>();
  /** While the first listing of live games is read: the games that ended meanwhile. */
  private endedWhileListing: Set<string> | null = new Set();

  constructor(
    private readonly state: LobbyState,
    private readonly showcase: Showcase,
  ) {}

  connect(user: ChallengeParty, sessionId: string): void {
    if (!this.people.connect(user.userId, sessionId)) return;
    const entry = new LobbyUserState();
    Object.assign(entry, { userId: user.userId, name: user.name, guest: user.guest });
    this.state.online.set(user.userId, entry);
    this.showcase.show(entry, user.userId);
    this.names.set(user.name.toLowerCase(), user.userId);
    this.state.onlineCount = this.people.onlineCount;
    this.show(user.userId);
  }

  /** A connection left; true when it was the user's last (they just went offline). */
  disconnect(user: ChallengeParty, sessionId: string): boolean {
    if (!this.people.disconnect(user.userId, sessionId)) return false;
    const entry = this.state.online.get(user.userId);
    if (entry) this.showcase.drop(entry);
    this.state.online.delete(user.userId);
    this.names.delete(user.name.toLowerCase());
    this.state.onlineCount = this.people.onlineCount;
    return true;
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
    return games
      .filter((game) => !ended?.has(game.gameId))
      .flatMap((game) => this.follow({ type: 'started', game }));
  }

  /** A game started or ended; the players who just sat down to play. */
  follow(event: LiveGameEvent): string[] {
    if (event.type === 'started') {
      const { game } = event;
      if (this.games.has(game.gameId)) return [];
      this.games.set(game.gameId, game);
      this.state.games.set(game.gameId, liveGameState(game));
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
    this.state.games.delete(event.gameId);
    for (const userId of playersOf(game)) {
      this.people.stopPlaying(userId, event.gameId);
      this.show(userId);
    }
    return [];
  }

  /** Whether the user shows as playing, and where. */
  private show(userId: string): void {
    const entry = this.state.online.get(userId);
    if (!entry) return;
    const gameId = this.people.gameOf(userId);
    entry.status = gameId ? 'playing' : 'idle';
    entry.gameId = gameId ?? '';
  }
}
