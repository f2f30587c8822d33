import assert from 'node:assert/strict';
import { Room } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { LobbyState, LobbyUserState } from '../../schema/lobby.state.ts';
import { reserveFullStateBytes } from './full-state-buffer.ts';

class PlainRoom extends Room {}

/** A room as the matchmaker sets one up, holding a lobby state of some 30 KB seen through `view`. */
function bigRoom(view: StateView): Room {
  const room = new PlainRoom();
  (room as unknown as { __init(): void }).__init();
  const state = new LobbyState();
  room.state = state;
  for (let i = 0; i < 300; i++) {
    const user = new LobbyUserState();
    Object.assign(user, { userId: `user-${i}`.padEnd(36, '-'), name: `Guest-${i}-abcdef`, guest: true });
    state.online.set(user.userId, user);
    view.add(user);
  }
  return room;
}

interface FullState {
  getFullState(client: { view: StateView }): Uint8Array;
}

/** The first state a connection with `view` is sent, and the overflow warnings printed meanwhile. */
function firstState(room: Room, view: StateView): { bytes: Buffer; warnings: number } {
  const serializer = (room as unknown as { _serializer: FullState })._serializer;
  const warn = console.warn;
  let warnings = 0;
  console.warn = (message: unknown) => {
    if (String(message).includes('buffer overflow')) warnings++;
    else warn(message);
  };
  try {
    return { bytes: Buffer.from(serializer.getFullState({ view })), warnings };
  } finally {
    console.warn = warn;
  }
}

describe('reserveFullStateBytes', () => {
  it('lets a first state larger than 16 KB be encoded in one pass, every time, to the same bytes', () => {
    const view = new StateView();
    const room = bigRoom(view);
    // As Colyseus has it: every join's first state overflows its buffer and is encoded twice.
    const before = [firstState(room, view), firstState(room, view)];
    assert.ok(before[0]!.bytes.length > 16 * 1024, `${before[0]!.bytes.length} bytes`);
    assert.deepEqual(
      before.map((s) => s.warnings),
      [1, 1],
    );

    reserveFullStateBytes(room, 64 * 1024);
    const after = [firstState(room, view), firstState(room, view)];
    assert.deepEqual(
      after.map((s) => s.warnings),
      [0, 0],
    );
    for (const state of after) assert.ok(state.bytes.equals(before[0]!.bytes), 'the same first state');
  });

  it('never shrinks the buffer, and refuses a room whose serializer it cannot read', () => {
    const view = new StateView();
    const room = bigRoom(view);
    reserveFullStateBytes(room, 64 * 1024);
    reserveFullStateBytes(room, 1024);
    assert.equal(firstState(room, view).warnings, 0);
    const bare = new PlainRoom();
    assert.throws(() => reserveFullStateBytes(bare, 64 * 1024), /no whole-state buffer/);
  });
});
