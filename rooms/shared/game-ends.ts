import type { Presence } from '@colyseus/core';
import { type LiveGamesMessage, liveGameEvents } from './live-announcements.ts';
import { LIVE_GAMES_CHANNEL } from './matches.ts';

/** A room's wait for the end of one game at a time. */
export interface GameEndWatch {
  /** Waits for the end of `gameId` from now on, instead of the game it followed (`''`: none). */
  follow(gameId: string): void;
  /** Stops waiting for good (the room is going). */
  close(): void;
}

interface Waiter {
  ended: (gameId: string) => void;
}

/**
 * The ends of the cluster's games, heard once in a process for the rooms that wait for one (a
 * party, for the game it plays): one listener on the live-games channel however many rooms wait,
 * and each end handed to the rooms that follow that game only. With a listener a room, every
 * start and end of every game of the cluster called every party of the node (parties × games a
 * second), and each party made sent Redis a SUBSCRIBE.
 *
 * The channel is heard while at least one watch is open.
 */
export class GameEnds {
  private readonly waiting = new Map<string, Set<Waiter>>();
  private open = 0;
  private presence: Presence | undefined;
  private subscribed: Promise<unknown> | undefined;

  /** `presenceOf`: the process's presence (not a room's, whose subscriptions end with the room). */
  constructor(private readonly presenceOf: () => Presence) {}

  /** Opens a watch that calls `ended` when the game it follows ends; resolves once the channel is heard. */
  async watch(ended: (gameId: string) => void): Promise<GameEndWatch> {
    const waiter: Waiter = { ended };
    let followed = '';
    let closed = false;
    this.open++;
    try {
      await this.listen();
    } catch (err) {
      this.release();
      throw err;
    }
    return {
      follow: (gameId) => {
        if (closed || gameId === followed) return;
        this.forget(followed, waiter);
        followed = gameId;
        if (!gameId) return;
        const waiters = this.waiting.get(gameId);
        if (waiters) waiters.add(waiter);
        else this.waiting.set(gameId, new Set([waiter]));
      },
      close: () => {
        if (closed) return;
        closed = true;
        this.forget(followed, waiter);
        this.release();
      },
    };
  }

  /** The games followed now, and the watches open (for tests and metrics). */
  get size(): { games: number; watches: number } {
    return { games: this.waiting.size, watches: this.open };
  }

  private readonly onEvent = (message: LiveGamesMessage): void => {
    for (const event of liveGameEvents(message)) {
      if (event.type !== 'ended') continue;
      const waiters = this.waiting.get(event.gameId);
      if (!waiters) continue;
      for (const waiter of [...waiters]) waiter.ended(event.gameId);
    }
  };

  private listen(): Promise<unknown> {
    if (!this.subscribed) {
      this.presence = this.presenceOf();
      this.subscribed = this.presence.subscribe(LIVE_GAMES_CHANNEL, this.onEvent).catch((err: unknown) => {
        this.subscribed = undefined;
        throw err;
      });
    }
    return this.subscribed;
  }

  private release(): void {
    this.open--;
    if (this.open > 0 || !this.subscribed) return;
    this.subscribed = undefined;
    void Promise.resolve(this.presence?.unsubscribe(LIVE_GAMES_CHANNEL, this.onEvent)).catch(() => undefined);
  }

  private forget(gameId: string, waiter: Waiter): void {
    const waiters = this.waiting.get(gameId);
    if (!waiters) return;
    waiters.delete(waiter);
    if (waiters.size === 0) this.waiting.delete(gameId);
  }
}
