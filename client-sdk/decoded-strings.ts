import { decode } from '@colyseus/schema';

/** Where the decoder is in the bytes of a patch. */
interface Iterator {
  offset: number;
}

export type StringDecoder = (bytes: Uint8Array | number[], it: Iterator) => string;

/** The decoder's table of primitive readers (shared by every decoder of the process). */
const readers = decode as unknown as {
  string: StringDecoder;
  /** Undefined past the end of the bytes. */
  uint8(bytes: Uint8Array, it: Iterator): number | undefined;
  uint16(bytes: Uint8Array, it: Iterator): number;
  uint32(bytes: Uint8Array, it: Iterator): number;
};

/** Below this many bytes the decoder's own strings stay as they are: V8 keeps them flat. */
export const FLAT_FROM_BYTES = 13;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
let installed = false;

/** The decoder's own string function, as it was before {@link keepDecodedStringsFlat} replaced it. */
export const schemaStringDecoder = readers.string;

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
  readers.string = flatStringDecoder(schemaStringDecoder);
}

/** `own`, but decoding strings of {@link FLAT_FROM_BYTES} bytes or more in one piece. */
export function flatStringDecoder(own: StringDecoder): StringDecoder {
  return (bytes, it) => {
    if (!(bytes instanceof Uint8Array)) return own(bytes, it);
    // The string's header: its length in bytes, read as the decoder's own function reads it.
    const at = { offset: it.offset + 1 };
    const length = lengthOf(bytes, bytes[it.offset], at);
    if (length === undefined || length < FLAT_FROM_BYTES) return own(bytes, it);
    const to = at.offset + length;
    if (to > bytes.length) return own(bytes, it);
    try {
      const text = utf8.decode(bytes.subarray(at.offset, to));
      it.offset = to;
      return text;
    } catch {
      return own(bytes, it);
    }
  };
}

/**
 * The length in bytes of a msgpack string whose first byte is `prefix`, the bytes of its length
 * read at `at` (little-endian, as the decoder's own function reads them); undefined if not a string.
 */
function lengthOf(bytes: Uint8Array, prefix: number | undefined, at: Iterator): number | undefined {
  if (prefix === undefined) return undefined;
  if (prefix >= 0xa0 && prefix < 0xc0) return prefix & 0x1f;
  if (prefix === 0xd9) return readers.uint8(bytes, at);
  if (prefix === 0xda) return readers.uint16(bytes, at);
  if (prefix === 0xdb) return readers.uint32(bytes, at);
  return undefined;
}
