import { ClientState } from '@colyseus/core';
import { WebSocketClient } from '@colyseus/ws-transport';

/** Where a client keeps the frames sent to it before it has joined. */
const QUEUED = Symbol('frames queued before the join');

interface QueueingClient {
  state: number;
  _joinedAt?: number;
  [QUEUED]?: unknown[];
}

/**
 * Keeps Colyseus's WebSocket clients' properties fast once they have joined (@colyseus/core 0.18).
 *
 * A client holds the frames sent to it while it joins in `_enqueuedMessages`; once it has joined,
 * the room sends them and deletes that property (`delete client._enqueuedMessages`). Deleting a
 * property other than the last one added turns a V8 object's properties into a hash table: every
 * joined client carried ~830 bytes of them, about an eighth of what a lobby player costs the
 * node's heap.
 *
 * Here `_enqueuedMessages` is an accessor of the client class, so the client's own properties
 * never include it and the room's `delete` removes nothing. It reads as Colyseus's property would:
 * - while joining, and when the room reads it on the join to send what is queued: the queue
 *   (let go once the join's synchronous stretch is over);
 * - once joined and no longer joined (leaving, reconnected): undefined, as after the `delete`;
 *   Colyseus's `allowReconnection` tells a client that had joined by this;
 * - for a client that left before it joined: still the queue (`allowReconnection` refuses it).
 * Colyseus reads the property in these three places only; a new version that reads it elsewhere
 * must be checked against this (`joined-clients.test.ts` follows the reads one by one).
 */
export function keepJoinedClientsFast(): void {
  const proto = WebSocketClient.prototype as object;
  if (Object.hasOwn(proto, '_enqueuedMessages')) return;
  Object.defineProperty(proto, '_enqueuedMessages', {
    configurable: true,
    get(this: QueueingClient): unknown[] | undefined {
      if (this._joinedAt === undefined) return this[QUEUED];
      if (this.state !== ClientState.JOINED) return undefined;
      // The join's own reads: it sends what is queued (in one synchronous stretch) and deletes
      // the property, so the queue is let go once that stretch is over.
      const queue = this[QUEUED];
      if (queue !== undefined)
        queueMicrotask(() => {
          this[QUEUED] = undefined;
        });
      return queue;
    },
    set(this: QueueingClient, queue: unknown[] | undefined) {
      this[QUEUED] = queue;
    },
  });
}
