import type { Presence } from '@colyseus/core';
import { LIVE_GAMES_CHANNEL, type LiveGameEvent } from './matches.ts';

/** How long a node gathers its games' starts and ends before it publishes them together. */
export const LIVE_GAMES_BATCH_MS = 50;

/**
 * What the live-games channel carries: the starts and ends of a node's games over a short while,
 * in the order they happened (a lone event, from a node of an earlier version, is read too).
 */
export type LiveGamesMessage = LiveGameEvent | readonly LiveGameEvent[];

export function liveGameEvents(message: LiveGamesMessage): readonly LiveGameEvent[] {
  return Array.isArray(message) ? message : [message as LiveGameEvent];
}

/**
 * The node's announcements of its games' starts and ends, gathered for `batchMs` and published as
 * one message: a publish a game's start and another at its end were two Redis calls of every
 * seated game, and a message each for every lobby and party listener of the cluster to read.
 */
export class LiveGameAnnouncer {
  private pending: LiveGameEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** `presenceOf`: the process's presence. */
  constructor(
    private readonly presenceOf: () => Presence,
    private readonly onError: (err: unknown) => void,
    private readonly batchMs = LIVE_GAMES_BATCH_MS,
  ) {}

  announce(event: LiveGameEvent): void {
    this.pending.push(event);
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }

  /** Publishes what is gathered now (the node is going). */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    void Promise.resolve()
      .then(() => this.presenceOf().publish(LIVE_GAMES_CHANNEL, events))
      .catch(this.onError);
  }
}
