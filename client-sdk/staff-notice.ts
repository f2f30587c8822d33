import type { Room } from '@colyseus/sdk';

/** What staff did to a game, as its players are told. */
export interface StaffNotice {
  action: 'paused' | 'resumed' | 'ended';
  reason: string;
  /** Server time, ms since the epoch. */
  at: number;
  /** With `ended`: why, and each seat's score and placing. */
  termination?: string;
  results?: Array<{ seat: number; score: number; placing: number }>;
}

/** Adds a listener of what staff do to a game; the function it returns removes it. */
export type StaffSubscribe = (listener: (notice: StaffNotice) => void) => () => void;

/** Hears the `staff` messages of a match room (of any game) for the listeners added through it. */
export function staffMessages(room: Room): StaffSubscribe {
  const listeners = new Set<(notice: StaffNotice) => void>();
  room.onMessage('staff', (notice: StaffNotice) => {
    for (const listener of listeners) listener(notice);
  });
  return (listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  };
}
