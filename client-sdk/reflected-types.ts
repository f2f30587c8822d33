import { Decoder, Reflection } from '@colyseus/schema';
import { registerSerializer, SchemaSerializer } from '@colyseus/sdk';

/** Where the decoder is in the bytes of a frame. */
interface Iterator {
  offset: number;
}

/** The types one room's handshake described, ready to decode any number of its states. */
interface ReflectedTypes {
  bytes: Uint8Array;
  context: Decoder['context'];
  root: new () => object;
}

/** Distinct handshakes kept: one per kind of room a process joins (lobby, match, party…). */
export const REFLECTED_TYPES_KEPT = 16;

const kept: ReflectedTypes[] = [];
let installed = false;

/**
 * Makes every room of the process that joins with the same state types decode with one set of
 * classes, built from the first join's handshake.
 *
 * On each join the server describes the room's state types (`Reflection.encode`), and the SDK's
 * serializer (0.18.4) builds a fresh class for every type from that description
 * (`Reflection.decode`) and registers each one in `@colyseus/schema`'s process-wide type
 * registry, which never lets them go: a program holding a thousand lobby players built a thousand
 * copies of the lobby's classes, and the description's decoding was a seventh of its CPU a join.
 * Here a description identical, byte for byte, to one seen before reuses that one's classes and
 * type ids with a decoder of its own; any other is decoded as the SDK decodes it, so what a client
 * reads never changes. A room given its state class (`joinById(id, options, State)`) is left to the
 * SDK. Installed once, for every room of the process (the serializer is looked up by name).
 */
export function shareReflectedTypes(): void {
  if (installed) return;
  installed = true;
  registerSerializer('schema', SharedTypesSerializer);
}

/** The SDK's schema serializer, but taking the classes of a handshake seen before. */
export class SharedTypesSerializer extends SchemaSerializer {
  override handshake(bytes: Uint8Array, it: Iterator): void {
    if (this.state) {
      super.handshake(bytes, it);
      return;
    }
    const description = bytes.subarray(it.offset);
    const types = kept.find((entry) => sameBytes(entry.bytes, description));
    if (types) {
      it.offset = bytes.length;
      this.decoder = new Decoder(new types.root() as never, types.context);
      this.state = this.decoder.state;
      return;
    }
    const decoder = Reflection.decode(bytes, it);
    this.decoder = decoder;
    this.state = decoder.state;
    if (kept.length >= REFLECTED_TYPES_KEPT) kept.shift();
    kept.push({
      bytes: description.slice(),
      context: decoder.context,
      root: decoder.state.constructor as new () => object,
    });
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
