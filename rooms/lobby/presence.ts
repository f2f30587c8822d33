import { UserSessions } from './user-sessions.ts';

/**
 * Who is in the lobby and who is playing: presence is per user (one user in several tabs is
 * online once, until their last connection leaves), and a user is playing while any live game
 * of the cluster seats them.
 */
export class LobbyPresence {
  /** userId → the session ids of their lobby connections. */
  private readonly connections = new UserSessions();
  /** userId → the live games that seat them, in the order they started. */
  private readonly playing = new Map<string, string[]>();

  /** Adds a connection; true when it is the user's first (they just came online). */
  connect(userId: string, sessionId: string): boolean {
    return this.connections.add(userId, sessionId);
  }

  /** Removes a connection; true when it was the user's last (they just went offline). */
  disconnect(userId: string, sessionId: string): boolean {
    return this.connections.delete(userId, sessionId);
  }

  isOnline(userId: string): boolean {
    return this.connections.has(userId);
  }

  sessionsOf(userId: string): string[] {
    return this.connections.of(userId);
  }

  get onlineCount(): number {
    return this.connections.size;
  }

  startPlaying(userId: string, gameId: string): void {
    const games = this.playing.get(userId) ?? [];
    if (!games.includes(gameId)) games.push(gameId);
    this.playing.set(userId, games);
  }

  stopPlaying(userId: string, gameId: string): void {
    const games = (this.playing.get(userId) ?? []).filter((id) => id !== gameId);
    if (games.length > 0) this.playing.set(userId, games);
    else this.playing.delete(userId);
  }

  /** The game to watch the user in (their latest), if they are playing. */
  gameOf(userId: string): string | undefined {
    return this.playing.get(userId)?.at(-1);
  }
}
