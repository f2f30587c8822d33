import type { Room } from '@colyseus/core';
import { roomSerializer } from './room-serializer.ts';

/** The parts of a room's schema serializer used here (Colyseus keeps them private to the room). */
interface HandshakeSerializer {
  encoder?: { state?: object };
  handshakeCache?: Uint8Array;
  handshake(): Uint8Array;
}

/** The handshake of each state type, from the first room of that type. */
const handshakes = new WeakMap<object, Uint8Array>();

/**
 * Gives `room` the join handshake (the description of its state types that every joining
 * connection is sent) of the rooms before it with a state of the same type, encoding it only for
 * the first.
 *
 * Colyseus encodes a room's handshake (`Reflection.encode`) when its first client joins, once a
 * room: for a node seating a hundred games a second, a hundred encodings of the same bytes, 3%
 * of its CPU. The description depends only on the state's class: `@colyseus/schema` builds the
 * types of an encoder from the class's declarations, one context per class, shared by every
 * encoder of it. The bytes are copied into each join's frame, never written to. Call once the
 * state is set; throws when the room's serializer is not the one this reads.
 */
export function shareHandshake(room: Room): void {
  const serializer = roomSerializer<HandshakeSerializer>(room);
  const state = serializer?.encoder?.state;
  if (!state || typeof serializer.handshake !== 'function') {
    throw new Error('the room state serializer has no handshake to share');
  }
  const type = state.constructor;
  const kept = handshakes.get(type);
  if (kept) {
    serializer.handshakeCache = kept;
    return;
  }
  handshakes.set(type, serializer.handshake());
}
