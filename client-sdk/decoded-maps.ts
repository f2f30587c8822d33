import { MapSchema } from '@colyseus/schema';
import type { Room } from '@colyseus/sdk';

/** Where a room with schema state keeps what its decoder holds. */
interface DecoderRefs {
  decoder?: { root?: { refs?: Map<number, unknown> } };
}

/**
 * Keeps the maps of a room's synced state from remembering every key they ever held.
 *
 * `@colyseus/schema`'s decoder (5.0.34, the latest) takes an entry out of a `MapSchema` by its wire
 * index: it removes the value and the index → key mapping, but leaves the key → index mapping
 * (`_collectionIndexes`), which the client never reads again. A client that stays in a room whose
 * maps turn over (the lobby's live games, its online list, its seeks) so keeps one entry for every
 * key it was ever sent, for as long as it stays: about 50–100 bytes each per client, without
 * bound. After each patch this drops, from every map of the state, the keys it no longer holds.
 * The decoder writes the key again if the entry comes back, so nothing it reads is lost.
 */
export function forgetRemovedKeys<S>(room: Room<S>): void {
  room.onStateChange(() => {
    const refs = (room.serializer as DecoderRefs | undefined)?.decoder?.root?.refs;
    if (!refs) return;
    for (const ref of refs.values()) {
      if (ref instanceof MapSchema) forgetRemovedKeysOf(ref);
    }
  });
}

/** Drops the key → index mappings of the keys `map` no longer holds. */
export function forgetRemovedKeysOf(map: MapSchema<unknown, string>): void {
  const indexes = map._collectionIndexes;
  for (const key in indexes) {
    if (!map.has(key)) delete indexes[key];
  }
}
