import type { Room } from '@colyseus/core';
import { pacePatches } from './paced-patches.ts';
import { shareFullStates } from './shared-full-states.ts';
import { reserveFullStateBytes } from './state-buffers.ts';

/** How a room of thousands of connections is sent its state. */
export interface CrowdSettings {
  /** The size of its first state at the fullest: the encoding buffer is made this large at once. */
  firstStateBytes: number;
  /** Connections a patch is written to in one turn of the event loop. */
  patchClientsPerTurn: number;
}

/**
 * Sets up `room` for a crowd (the lobby): its first state's buffer sized once
 * ({@link reserveFullStateBytes}), one first state encoded for all joiners who share a view
 * ({@link shareFullStates}), and its patches written a slice of the connections a turn
 * ({@link pacePatches}). Call once the state is set.
 */
export function servesACrowd(room: Room, settings: CrowdSettings): void {
  reserveFullStateBytes(room, settings.firstStateBytes);
  shareFullStates(room);
  pacePatches(room, settings.patchClientsPerTurn);
}
