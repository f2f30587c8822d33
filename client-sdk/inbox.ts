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

  /**
   * @param transient types that are only handed to a waiter already waiting, never kept (a
   *   status that the next one replaces).
   */
  constructor(
    room: Pick<Room, 'onMessage' | 'onLeave'>,
    types: readonly M['type'][],
    private readonly transient: readonly M['type'][] = [],
  ) {
    for (const type of types) {
      room.onMessage(type, (payload: unknown) => this.push({ ...(payload as object), type } as M));
    }
    room.onLeave((code: number) => this.close(new RoomClosedError(code)));
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

  private close(err: Error): void {
    this.closedWith = err;
    for (const waiter of this.waiters) waiter.reject(err);
    this.waiters.clear();
  }
}
