import type { Room } from '@colyseus/core';

/**
 * The schema serializer of `room` (`@colyseus/core` 0.18 keeps it private to the room, as
 * `_serializer`), typed as the parts `T` the caller reads or replaces, each of which may be
 * missing: the caller checks those it needs and says what it missed. Undefined before the
 * room's state is set. The one place the room modules here reach into it.
 */
export function roomSerializer<T extends object>(room: Room): Partial<T> | undefined {
  return (room as unknown as { _serializer?: Partial<T> })._serializer;
}
