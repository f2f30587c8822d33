import type { Client, Room } from '@colyseus/core';
import type { Encoder, StateView } from '@colyseus/schema';
import { roomSerializer } from './room-serializer.ts';

/** The parts of a room's schema serializer used here (Colyseus keeps them private to the room). */
interface ViewSerializer {
  encoder?: Encoder;
  getFullState(client?: Client, timing?: unknown): Uint8Array;
  applyPatches(clients: Client[], state: unknown, timing?: unknown): boolean;
}

/** A first state encoded for a view, and the patch pass it was encoded after. */
interface Kept {
  pass: number;
  bytes: Uint8Array;
}

/**
 * Sends the joiners of `room` who share a view the same first state, encoded once between two
 * patch passes that change something.
 *
 * Colyseus encodes a joiner's first state anew for every connection that has a view: for the
 * lobby, every joiner, its online list, seeks and chat walked and written each time, though the
 * connections nobody blocks all share one view and so are sent the same bytes. Here the bytes a
 * view was last sent are kept with the count of patch passes at the time, and sent again while
 * no pass has run since, nothing waits to be sent (the state's changes, the view's own), and no
 * filter waits to be refreshed; any other first state is encoded as Colyseus encodes it. A
 * connection without a view (a state with no `@view` fields) already gets Colyseus's one encoding.
 * Call once the state is set; throws when the room's serializer is not the one this reads.
 */
export function shareFullStates(room: Room): void {
  const serializer = roomSerializer<ViewSerializer>(room);
  if (
    !serializer?.encoder?.root ||
    typeof serializer.getFullState !== 'function' ||
    typeof serializer.applyPatches !== 'function'
  ) {
    throw new Error('the room state serializer has no full state to share');
  }
  const { encoder } = serializer;
  const encodeFullState = serializer.getFullState.bind(serializer);
  const applyPatches = serializer.applyPatches.bind(serializer);
  const kept = new WeakMap<StateView, Kept>();
  let passes = 0;

  serializer.applyPatches = (clients, state, timing) => {
    passes++;
    return applyPatches(clients, state, timing);
  };
  serializer.getFullState = (client, timing) => {
    const view = client?.view;
    if (!view || timing !== undefined || !settled(encoder, view)) return encodeFullState(client, timing);
    const last = kept.get(view);
    if (last?.pass === passes) return last.bytes;
    const bytes = encodeFullState(client, timing);
    kept.set(view, { pass: passes, bytes });
    return bytes;
  };
}

/** Nothing waits to be sent to `view`: no change of the state or of the view, no filter to refresh. */
function settled(encoder: Encoder, view: StateView): boolean {
  if (encoder.hasChanges || view.changes.size > 0) return false;
  const pending = (encoder.root as { pendingFilterRefresh?: unknown[] }).pendingFilterRefresh;
  return pending === undefined || pending.length === 0;
}
