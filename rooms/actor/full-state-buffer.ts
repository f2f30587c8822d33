import type { Room } from '@colyseus/core';

/** The part of a room's serializer read here (Colyseus keeps it private to the room). */
interface SerializedRoom {
  _serializer?: { fullEncodeBuffer?: Uint8Array };
}

/**
 * Gives the room's whole-state encoding (what each joining connection is sent first) room for
 * `bytes`, once its state is set.
 *
 * Colyseus encodes a room's whole state into a buffer of 16 KB of its own. A larger state is
 * encoded into it, found not to fit, encoded again into a larger buffer that is then dropped, and
 * a warning is printed: on every join, when the state is filtered by views (the lobby's is), for
 * a state that stays above 16 KB (the lobby's, with its hundred live games and hundred users, is
 * about 40 KB). Throws when the room's serializer is not the one this reads, so a change of
 * Colyseus is seen at once rather than as a slower join.
 */
export function reserveFullStateBytes(room: Room, bytes: number): void {
  const serializer = (room as unknown as SerializedRoom)._serializer;
  const old = serializer?.fullEncodeBuffer;
  if (!serializer || !(old instanceof Uint8Array)) {
    throw new Error('the room state serializer has no whole-state buffer to enlarge');
  }
  if (old.byteLength >= bytes) return;
  const grown = new Uint8Array(bytes);
  // The first byte is the frame's type, written once when the state was set.
  grown[0] = old[0]!;
  serializer.fullEncodeBuffer = grown;
}
