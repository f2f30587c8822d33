import assert from 'node:assert/strict';
import { ClientState, enqueueClientRaw, Room } from '@colyseus/core';
import { Decoder } from '@colyseus/schema';
import { WebSocketClient } from '@colyseus/ws-transport';
import type WebSocket from 'ws';
import { LobbyState } from '../../schema/lobby.state.ts';
import { pacePatches } from './paced-patches.ts';

class PlainRoom extends Room {}

interface Serializer {
  applyPatches(clients: unknown[], state: unknown): boolean;
}

/** A joined client as the transport makes one, every frame its socket is given recorded. */
function joined(): { client: WebSocketClient; frames: Uint8Array[]; given: Uint8Array[] } {
  const frames: Uint8Array[] = [];
  const given: Uint8Array[] = [];
  const socket = {
    send: (data: Uint8Array) => {
      given.push(data);
      frames.push(Uint8Array.from(data));
    },
    readyState: 1,
  } as unknown as WebSocket;
  const client = new WebSocketClient('session', socket);
  client.state = ClientState.JOINED;
  return { client, frames, given };
}

function lobbyRoom(clients: number) {
  const room = new PlainRoom();
  (room as unknown as { __init(): void }).__init();
  const state = new LobbyState();
  room.state = state;
  const serializer = (room as unknown as { _serializer: Serializer })._serializer;
  const connections = Array.from({ length: clients }, joined);
  // The first pass: what is there now has been sent (to nobody yet).
  serializer.applyPatches([], state);
  return { room, state, serializer, connections, clients: connections.map((c) => c.client) };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** The counts a client decodes from the patches it was sent, in order, from a fresh state. */
function countsSeen(frames: readonly Uint8Array[]): number[] {
  const decoded = new LobbyState();
  const decoder = new Decoder(decoded);
  return frames.map((frame) => {
    decoder.decode(frame, { offset: 1 });
    return decoded.onlineCount;
  });
}

describe('pacePatches', () => {
  it('writes a pass to more clients than a turn takes a turn at a time, each client the same patch', async () => {
    const { room, state, serializer, connections, clients } = lobbyRoom(5);
    const pacer = pacePatches(room, 2);
    state.onlineCount = 7;
    assert.equal(serializer.applyPatches(clients, state), true);
    assert.deepEqual(
      connections.map((c) => c.frames.length),
      [0, 0, 0, 0, 0],
      'nothing written within the pass',
    );
    assert.equal(pacer.waiting, 5);
    const written = [];
    for (let i = 0; i < 3; i++) {
      await turn();
      written.push(connections.filter((c) => c.frames.length > 0).length);
    }
    assert.deepEqual(written, [2, 4, 5]);
    assert.equal(pacer.waiting, 0);
    for (const c of connections) assert.deepEqual(countsSeen(c.frames), [7]);
    // One copy of the patch for them all: a Buffer (the WebSocket layer passes it on as it is),
    // marked for the transport to send as it is rather than copy again for each connection.
    const sent = new Set(connections.map((c) => c.given[0]));
    assert.equal(sent.size, 1);
    const [frame] = sent as Set<Uint8Array & { [key: symbol]: unknown }>;
    assert.ok(Buffer.isBuffer(frame));
    assert.equal(frame?.[Symbol.for('rookery.sent-as-is')], true);
  });

  it('lets nothing overtake what a client is still owed: a message, the next patch', async () => {
    const { room, state, serializer, connections, clients } = lobbyRoom(4);
    pacePatches(room, 1);
    state.onlineCount = 1;
    serializer.applyPatches(clients, state);
    // The last client's patch waits for three turns; a message for it and the next patch wait too.
    enqueueClientRaw(clients[3]!, new Uint8Array([99]));
    state.onlineCount = 2;
    serializer.applyPatches(clients, state);
    for (let i = 0; i < 8 && connections.some((c) => c.frames.length < 2); i++) await turn();
    const last = connections[3]!.frames;
    assert.deepEqual([...last[1]!], [99], 'the message after the first patch');
    assert.deepEqual(countsSeen([last[0]!, last[2]!]), [1, 2]);
    // The first pass's bytes were kept, though the encoder wrote the second into the same buffer.
    for (const c of connections.slice(0, 3)) assert.deepEqual(countsSeen(c.frames), [1, 2]);
  });

  it('goes on past a client whose socket throws: the others get this patch and the next', async () => {
    const { room, state, serializer, connections, clients } = lobbyRoom(3);
    const pacer = pacePatches(room, 1);
    (clients[0] as unknown as { ref: { send(): void } }).ref.send = () => {
      throw new Error('not open');
    };
    state.onlineCount = 4;
    serializer.applyPatches(clients, state);
    for (let i = 0; i < 5 && pacer.waiting > 0; i++) await turn();
    state.onlineCount = 5;
    serializer.applyPatches(clients, state);
    for (let i = 0; i < 5 && pacer.waiting > 0; i++) await turn();
    assert.equal(pacer.waiting, 0);
    assert.deepEqual(connections[0]!.frames, []);
    for (const c of connections.slice(1)) assert.deepEqual(countsSeen(c.frames), [4, 5]);
  });

  it("leaves a pass to a turn's worth of clients, none waiting, to Colyseus: written within it", () => {
    const { room, state, serializer, connections, clients } = lobbyRoom(2);
    const pacer = pacePatches(room, 2);
    state.onlineCount = 3;
    serializer.applyPatches(clients, state);
    assert.equal(pacer.waiting, 0);
    for (const c of connections) assert.deepEqual(countsSeen(c.frames), [3]);
    // Frames outside a pass go straight out too.
    enqueueClientRaw(clients[0]!, new Uint8Array([5]));
    assert.deepEqual([...connections[0]!.frames[1]!], [5]);
  });
});
