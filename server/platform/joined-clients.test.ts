import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { ClientState, enqueueClientRaw } from '@colyseus/core';
import { WebSocketClient } from '@colyseus/ws-transport';
import type WebSocket from 'ws';
import { keepJoinedClientsFast } from './joined-clients.ts';

setFlagsFromString('--allow-natives-syntax');
/** V8's own word on whether an object's properties are fast (not a hash table). */
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

type Joining = WebSocketClient & Record<string, unknown>;

/** A client as the transport makes one, its socket's sends recorded. */
function client(): { client: Joining; sent: unknown[] } {
  const sent: unknown[] = [];
  const socket = { send: (data: unknown) => sent.push(data), readyState: 1 } as unknown as WebSocket;
  return { client: new WebSocketClient('session', socket) as Joining, sent };
}

/** What Colyseus's room does on a client's join message (0.18), read for read. */
function join(c: Joining): void {
  c.state = ClientState.JOINED;
  c._joinedAt = 1;
  const queued = c._enqueuedMessages as unknown[];
  if (queued.length > 0) for (const frame of queued) c.raw(frame as Uint8Array);
  delete (c as { _enqueuedMessages?: unknown })._enqueuedMessages;
}

describe('joined clients keep fast properties', () => {
  before(() => keepJoinedClientsFast());

  it('queues frames while joining, sends them on the join, then sends directly', async () => {
    const { client: c, sent } = client();
    // Set by the room as it admits a client, before the join message.
    Object.assign(c, { reconnectionToken: 'token', auth: { userId: 'u' }, userData: { seat: 0 } });
    enqueueClientRaw(c, new Uint8Array([1]));
    enqueueClientRaw(c, new Uint8Array([2]));
    assert.equal(sent.length, 0, 'nothing goes out before the join');
    join(c);
    assert.deepEqual(sent, [new Uint8Array([1]), new Uint8Array([2])]);
    enqueueClientRaw(c, new Uint8Array([3]));
    assert.deepEqual(sent.at(-1), new Uint8Array([3]));
    assert.equal(Object.hasOwn(c, '_enqueuedMessages'), false);
    assert.equal(hasFastProperties(c), true, 'the join left the client in dictionary mode');
    await Promise.resolve();
    // Once joined and gone, it reads as deleted: `allowReconnection` takes such a client back.
    c.state = ClientState.LEAVING;
    assert.equal(c._enqueuedMessages, undefined);
    enqueueClientRaw(c, new Uint8Array([4]));
    assert.equal(sent.length, 3, 'a frame to a client leaving is dropped, as before');
  });

  it('lets the queue go once the join is over', async () => {
    const { client: c } = client();
    enqueueClientRaw(c, new Uint8Array(1024));
    join(c);
    await Promise.resolve();
    assert.equal(c._enqueuedMessages, undefined);
  });

  it('keeps the queue of a client that left before joining: it had not joined', () => {
    const { client: c } = client();
    enqueueClientRaw(c, new Uint8Array([1]));
    c.state = ClientState.LEAVING;
    assert.deepEqual(c._enqueuedMessages, [new Uint8Array([1])]);
  });

  it("is needed: without it, the join turns the client's properties into a hash table", () => {
    const accessor = Object.getOwnPropertyDescriptor(WebSocketClient.prototype, '_enqueuedMessages')!;
    delete (WebSocketClient.prototype as { _enqueuedMessages?: unknown })._enqueuedMessages;
    try {
      const { client: c, sent } = client();
      Object.assign(c, { reconnectionToken: 'token', auth: { userId: 'u' }, userData: { seat: 0 } });
      enqueueClientRaw(c, new Uint8Array([1]));
      join(c);
      assert.equal(sent.length, 1);
      assert.equal(hasFastProperties(c), false);
    } finally {
      Object.defineProperty(WebSocketClient.prototype, '_enqueuedMessages', accessor);
    }
  });
});
