import { decode } from '@colyseus/schema';

/** Where the decoder is in the bytes of a patch. */
interface Iterator {
  offset: number;
}

export type StringDecoder = (bytes: Uint8Array | number[], it: Iterator) => string;

/** Below this many bytes the decoder's own strings stay as they are: V8 keeps them flat. */
export const FLAT_FROM_BYTES = 13;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
let installed = false;

/** The decoder's own string function, as it was before {@link keepDecodedStringsFlat} replaced it. */
export const schemaStringDecoder = (decode as unknown as { string: StringDecoder }).string;

/**
 * Makes the state decoder of `@colyseus/schema` keep the strings it decodes as flat strings.
 *
 * Its `utf8Read` (5.0.34, the latest) builds a string one character at a time, so V8 keeps every
 * string of 13 characters or more (user ids, names, FENs) as a chain of one-character pieces: some
 * 24 rope nodes for a 36-character id, about 27% of an idle lobby client's heap, and most of what
 * decoding allocates. Past {@link FLAT_FROM_BYTES} bytes a string is decoded here with a
 * `TextDecoder` instead, which makes one flat string. Anything it would not decode the same way
 * (bytes that are not valid UTF-8, a length past the end of the patch, a plain array of bytes)
 * goes to the decoder's own function, so what a client reads never changes; only how it is kept.
 * Installed once, for every room of the process (the decoder's table of primitive types is shared).
 */
export function keepDecodedStringsFlat(): void {
  if (installed) return;
  installed = true;
  (decode as unknown as { string: StringDecoder }).string = flatStringDecoder(schemaStringDecoder);
}

/** `own`, but decoding strings of {@link FLAT_FROM_BYTES} bytes or more in one piece. */
export function flatStringDecoder(own: StringDecoder): StringDecoder {
  return (bytes, it) => {
    if (!(bytes instanceof Uint8Array)) return own(bytes, it);
    const start = it.offset;
    const header = stringHeader(bytes, start);
    if (!header || header.length < FLAT_FROM_BYTES) return own(bytes, it);
    const from = start + header.size;
    const to = from + header.length;
    if (to > bytes.length) return own(bytes, it);
    try {
      const text = utf8.decode(bytes.subarray(from, to));
      it.offset = to;
      return text;
    } catch {
      return own(bytes, it);
    }
  };
}

/** A msgpack string's length in bytes and the size of its header; undefined if it is not one. */
function stringHeader(bytes: Uint8Array, at: number): { length: number; size: number } | undefined {
  const prefix = bytes[at];
  if (prefix === undefined) return undefined;
  if (prefix >= 0xa0 && prefix < 0xc0) return { length: prefix & 0x1f, size: 1 };
  if (prefix === 0xd9 && at + 1 < bytes.length) return { length: bytes[at + 1]!, size: 2 };
  if (prefix === 0xda && at + 2 < bytes.length)
    return { length: bytes[at + 1]! | (bytes[at + 2]! << 8), size: 3 };
  if (prefix === 0xdb && at + 4 < bytes.length) {
    const length =
      (bytes[at + 1]! | (bytes[at + 2]! << 8) | (bytes[at + 3]! << 16) | (bytes[at + 4]! << 24)) >>> 0;
    return { length, size: 5 };
  }
  return undefined;
}
