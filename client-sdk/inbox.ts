import type { Room } from '@colyseus/sdk';

/** The room closed the connection: no more messages will come. */
export class RoomClosedError extends Error {
  constructor(readonly closeCode: number) {
    super(`the room closed the connection (${closeCode})`);
    this.name = 'RoomClosedError';
  }
}

interface Waiter<M> {
  accept: (m: M) => boolean;
  resolve: (m: M) => void;
  reject: (err: Error) => void;
}

/**
 * The messages a room sent, kept in order until someone takes them: awaiting the next message
 * of a type never misses one that arrived a moment before the wait began.
 */
export class Inbox<M extends { type: string }> {
  private readonly kept: M[] = [];
  private readonly waiters = new Set<Waiter<M>>();
  private readonly listeners = new Set<(m: M) => void>();
  private closedWith: Error | undefined;
  private repeatKey: ((m: M) => string | undefined) | undefined;
  private readonly seenKeys = new Set<string>();

  /**
   * @param transient types that are only handed to a waiter already waiting, never kept (a
   *   status that the next one replaces).
   * @param closesWithRoom false when the owner follows its room to a new connection (and calls
   *   {@link close} itself when it gives up).
   */
  constructor(
    room: Pick<Room, 'onMessage' | 'onLeave'>,
    private readonly types: readonly M['type'][],
    private readonly transient: readonly M['type'][] = [],
    private readonly closesWithRoom = true,
  ) {
    this.follow(room);
  }

  /** Takes the messages of `room` from now on (the same room again, on a new connection). */
  follow(room: Pick<Room, 'onMessage' | 'onLeave'>): void {
    for (const type of this.types) {
      room.onMessage(type, (payload: unknown) => this.push({ ...(payload as object), type } as M));
    }
    if (this.closesWithRoom) room.onLeave((code: number) => this.close(new RoomClosedError(code)));
  }

  /**
   * Drops a message whose `key` was seen before (a room that tells something again after it
   * moved); messages without a key pass.
   */
  dropRepeats(key: (m: M) => string | undefined): void {
    this.repeatKey = key;
  }

  /** Calls `listener` with every message from now on; returns the function that stops it. */
  listen(listener: (m: M) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next message (kept or to come) that `accept` takes; rejects if the room closes first. */
  next(accept: (m: M) => boolean, timeoutMs?: number): Promise<M> {
    const index = this.kept.findIndex(accept);
    if (index >= 0) return Promise.resolve(this.kept.splice(index, 1)[0]!);
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const waiter: Waiter<M> = {
        accept,
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new Error(`no such message within ${timeoutMs} ms`));
        }, timeoutMs);
      }
      this.waiters.add(waiter);
    });
  }

  private push(message: M): void {
    const key = this.repeatKey?.(message);
    if (key !== undefined) {
      if (this.seenKeys.has(key)) return;
      this.seenKeys.add(key);
      // A long-lived room keeps only its recent keys.
      if (this.seenKeys.size > 100) this.seenKeys.delete(this.seenKeys.values().next().value!);
    }
    for (const listener of [...this.listeners]) listener(message);
    for (const waiter of this.waiters) {
      if (!waiter.accept(message)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(message);
      return;
    }
    if (this.transient.includes(message.type)) return;
    this.kept.push(message);
    // A long-lived room keeps only its recent messages.
    if (this.kept.length > 100) this.kept.shift();
  }

  /** No more messages will come: waiters, and later ones, get `err`. */
  close(err: Error): void {
    this.closedWith = err;
    for (const waiter of this.waiters) waiter.reject(err);
    this.waiters.clear();
  }
}
