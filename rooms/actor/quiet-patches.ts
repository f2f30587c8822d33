import { Room, type RoomOptions } from '@colyseus/core';
import type { Encoder, StateView } from '@colyseus/schema';
import { roomSerializer } from './room-serializer.ts';

/**
 * A room whose patch pass costs next to nothing while nothing changed.
 *
 * Colyseus sends a room's changes on a timer (20 times a second unless `patchRate` says
 * otherwise). When the state has `@view` fields, its pass with nothing changed still goes through
 * every connection to look for one whose view has changes: 200,000 looks a second with 10,000
 * connections in the lobby, the largest part of an idle node's CPU. Here the pass first asks the
 * state's encoder and the views bound to the state (a few: the lobby's connections share one),
 * and when none of them has anything to send, it only moves the room's clock on, as Colyseus's
 * pass would, and sends nothing.
 *
 * What it does not see: frames sent with `afterNextPatch` would wait for the next change, and
 * `@unreliable` fields would not be flushed; no room here uses either. A room with an
 * `onBeforePatch` hook (which may change the state) gets Colyseus's pass every time.
 */
export abstract class QuietPatchRoom<T extends RoomOptions = RoomOptions> extends Room<T> {
  override broadcastPatch(): boolean {
    if (this.onBeforePatch || changesToSend(this)) return super.broadcastPatch();
    this.clock.tick();
    return false;
  }
}

/**
 * Whether the next patch pass of `room` would send anything: the state changed, or a view bound
 * to it has changes of its own (entries added to or removed from it). True when the room's state
 * is not encoded the way this reads (no schema serializer): the pass then decides.
 */
export function changesToSend(room: Room): boolean {
  const encoder = roomSerializer<{ encoder: Encoder }>(room)?.encoder;
  if (!encoder?.root) return true;
  if (encoder.hasChanges) return true;
  let changed = false;
  encoder.root.forEachActiveView((view: StateView) => {
    if (view.changes.size > 0) changed = true;
  });
  return changed;
}
