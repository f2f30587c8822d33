import type { Room } from '@colyseus/sdk';
import { sessionEndingOf } from '../schema/moderation.ts';
import { RookeryError } from './errors.ts';
import { reconnectBriefly } from './reconnection.ts';
import { retryUntil } from './retry.ts';

/** How long a client waits for its room to come back on another node. */
const RETURN_MS = 30_000;

/** Whether a try to open the room again may succeed later (it is being rebuilt elsewhere). */
const mayReturn = (notFound: string | undefined) => (err: unknown) =>
  err instanceof RookeryError && (err.code === notFound || err.code === 'NETWORK' || err.status >= 500);

export interface FollowOptions<S> {
  /** Opens the room again (by its id). */
  reopen: () => Promise<Room<S>>;
  /** Close codes after which the room is not opened again (4000, the client's own leave, always). */
  leftForGood: readonly number[];
  /** The error code of opening a room that is not there (yet), when it has one of its own. */
  notFound?: string;
  /** Each new connection, before its listeners here are called. */
  moved: (room: Room<S>) => void;
}

/**
 * Keeps a client with a room the cluster may move: when the connection is lost for good (its
 * server process died or drained, or another copy of the room took over), the room is opened
 * again while the server rebuilds it elsewhere, for up to 30 s. Listeners of the state and of the
 * final close carry over from one connection to the next.
 */
export class RoomFollower<S> {
  private current: Room<S>;
  private leaving = false;
  private closed = false;
  private readonly changeListeners = new Set<(state: S) => void>();
  private readonly closeListeners = new Set<(code: number) => void>();

  constructor(
    room: Room<S>,
    private readonly options: FollowOptions<S>,
  ) {
    this.current = room;
    this.watch(room);
  }

  get room(): Room<S> {
    return this.current;
  }

  onChange(listener: (state: S) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Called once, with the close code, when the client is out of the room for good. */
  onClose(listener: (code: number) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  async leave(): Promise<number> {
    this.leaving = true;
    // Between two connections (the room is being rebuilt): there is nothing to close.
    if (!this.current.connection.isOpen) {
      this.close(4000);
      return 4000;
    }
    return this.current.leave(true);
  }

  private watch(room: Room<S>): void {
    reconnectBriefly(room);
    room.onStateChange((state) => {
      for (const listener of [...this.changeListeners]) listener(state as S);
    });
    room.onLeave((code: number) => {
      if (room !== this.current) return;
      // Moderation ended the session (a ban, a kick): never opened again by itself.
      const ended = sessionEndingOf(code) !== undefined;
      if (this.leaving || code === 4000 || ended || this.options.leftForGood.includes(code)) this.close(code);
      else void this.comeBack(code);
    });
  }

  private async comeBack(code: number): Promise<void> {
    let room: Room<S>;
    try {
      room = await retryUntil(this.options.reopen, mayReturn(this.options.notFound), Date.now() + RETURN_MS);
    } catch {
      return this.close(code);
    }
    if (this.leaving) {
      await room.leave(true).catch(() => undefined);
      return this.close(4000);
    }
    this.current = room;
    this.options.moved(room);
    this.watch(room);
    if (room.state) for (const listener of [...this.changeListeners]) listener(room.state as S);
  }

  private close(code: number): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of [...this.closeListeners]) listener(code);
  }
}
