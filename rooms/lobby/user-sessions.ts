/**
 * userId → the session ids of that user's connections, for the lobby's presence and audience.
 *
 * Nearly every user has one connection, so a lone session is kept as its string and a `Set` only
 * from a second tab on. A `Set` of one costs some 230 bytes of heap (its object and its smallest
 * table); two maps of them were ~460 bytes a user in a lobby of thousands.
 */
export class UserSessions {
  private readonly byUser = new Map<string, string | Set<string>>();

  /** Adds a connection; true when it is the user's first. */
  add(userId: string, sessionId: string): boolean {
    const held = this.byUser.get(userId);
    if (held === undefined) {
      this.byUser.set(userId, sessionId);
      return true;
    }
    if (typeof held !== 'string') held.add(sessionId);
    else if (held !== sessionId) this.byUser.set(userId, new Set([held, sessionId]));
    return false;
  }

  /** Removes a connection; true when it was the user's last (false when it was not theirs). */
  delete(userId: string, sessionId: string): boolean {
    const held = this.byUser.get(userId);
    if (held === undefined) return false;
    if (typeof held === 'string') {
      if (held !== sessionId) return false;
      this.byUser.delete(userId);
      return true;
    }
    if (held.delete(sessionId) && held.size === 1) this.byUser.set(userId, held.values().next().value!);
    return false;
  }

  has(userId: string): boolean {
    return this.byUser.has(userId);
  }

  /** The user's sessions (none when they have no connection). */
  of(userId: string): string[] {
    const held = this.byUser.get(userId);
    if (held === undefined) return [];
    return typeof held === 'string' ? [held] : [...held];
  }

  /** Users with a connection. */
  get size(): number {
    return this.byUser.size;
  }
}
