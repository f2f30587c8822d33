import type { Room } from '@colyseus/core';
import { roomSerializer } from './room-serializer.ts';

/** The parts of a room's serializer used here (Colyseus keeps them private to the room). */
interface StateSerializer {
  fullEncodeBuffer: Uint8Array;
  encoder?: {
    sharedBuffer: Uint8Array;
    _resizeBuffer(buffer: Uint8Array, usedOffset: number): Uint8Array;
  };
}

/** The room's schema serializer, or a throw when it is not the one this module reads. */
function serializerOf(room: Room): StateSerializer {
  const serializer = roomSerializer<StateSerializer>(room);
  if (!serializer || !(serializer.fullEncodeBuffer instanceof Uint8Array)) {
    throw new Error('the room state serializer has no whole-state buffer to size');
  }
  return serializer as StateSerializer;
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
  const serializer = serializerOf(room);
  if (serializer.fullEncodeBuffer.byteLength >= bytes) return;
  serializer.fullEncodeBuffer = wholeStateBuffer(serializer.fullEncodeBuffer, bytes);
}

/**
 * A whole-state buffer of `bytes` in place of `old`, with its first byte: the frame's type,
 * written once when the state was set.
 */
function wholeStateBuffer(old: Uint8Array, bytes: number): Uint8Array {
  const buffer = new Uint8Array(bytes);
  buffer[0] = old[0]!;
  return buffer;
}

/**
 * Sizes the room's two state-encoding buffers (its patches', its whole state's) to its state:
 * `bytes` to begin with, doubled whenever an encoding does not fit, and kept at that size.
 *
 * Colyseus gives every room two buffers of 16 KB, whatever its state: 32 KB of a seated chess
 * game's ~80 KB, for a state of a few hundred bytes to a few KB. A state that outgrows its
 * buffer is encoded again into a larger one, as Colyseus does, but without the warning Colyseus
 * prints, and the whole state's buffer is kept at its new size too (Colyseus drops it, and so
 * encodes every later join's state twice). Call once the state is set; throws when the room's
 * serializer is not the one this reads.
 */
export function fitStateBuffers(room: Room, bytes: number): void {
  const serializer = serializerOf(room);
  const encoder = serializer.encoder;
  if (
    !encoder ||
    typeof encoder._resizeBuffer !== 'function' ||
    !(encoder.sharedBuffer instanceof Uint8Array)
  ) {
    throw new Error('the room state encoder has no buffer to size');
  }
  serializer.fullEncodeBuffer = wholeStateBuffer(serializer.fullEncodeBuffer, bytes);
  encoder.sharedBuffer = new Uint8Array(bytes);
  encoder._resizeBuffer = (buffer: Uint8Array, usedOffset: number) => {
    let size = buffer.byteLength * 2;
    while (size < usedOffset) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(buffer);
    if (buffer === encoder.sharedBuffer) encoder.sharedBuffer = grown;
    if (buffer === serializer.fullEncodeBuffer) serializer.fullEncodeBuffer = grown;
    return grown;
  };
}
