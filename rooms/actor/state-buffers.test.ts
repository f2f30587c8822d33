import assert from 'node:assert/strict';
import { Room } from '@colyseus/core';
import { StateView } from '@colyseus/schema';
import { ChessState, moveEntry } from '../../schema/chess.state.ts';
import { LobbyState, LobbyUserState } from '../../schema/lobby.state.ts';
import { fitStateBuffers, reserveFullStateBytes } from './state-buffers.ts';

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

interface Serializer {
  encoder: {
    sharedBuffer: Uint8Array;
    encode(it: { offset: number }): Uint8Array;
    discardChanges(): void;
  };
  fullEncodeBuffer: Uint8Array;
  /** Set by Colyseus's patch pass: the whole state is encoded afresh at the next join. */
  needFullEncode: boolean;
  getFullState(client?: unknown): Uint8Array;
}

/** A room set up as the matchmaker does, holding a chess state; its serializer. */
function chessRoom(): { room: Room; state: ChessState; serializer: Serializer } {
  const room = new PlainRoom();
  (room as unknown as { __init(): void }).__init();
  const state = new ChessState();
  room.state = state;
  const serializer = (room as unknown as { _serializer: Serializer })._serializer;
  return { room, state, serializer };
}

describe('fitStateBuffers', () => {
  it('starts small, grows as the state does, and encodes every patch and whole state as Colyseus does, without a warning', () => {
    const fitted = chessRoom();
    const plain = chessRoom();
    fitStateBuffers(fitted.room, 64);
    assert.deepEqual(
      [fitted.serializer.encoder.sharedBuffer.byteLength, fitted.serializer.fullEncodeBuffer.byteLength],
      [64, 64],
    );

    const warn = console.warn;
    const warnings: unknown[] = [];
    console.warn = (message: unknown) => warnings.push(message);
    try {
      // A long game, a few moves a patch: patch and whole state byte for byte the same as a room
      // with Colyseus's buffers, while the fitted buffers grow past their start.
      for (let patch = 0; patch < 60; patch++) {
        const bytes = [fitted, plain].map(({ state, serializer }) => {
          state.fen = `position after patch ${patch}`;
          for (let i = 0; i < 5; i++) {
            state.moves.push(
              moveEntry({ uci: 'e2e4', san: 'e4', clockMs: 60_000 - patch, at: 1_700_000_000_000 + patch }),
            );
          }
          const encoded = Buffer.from(serializer.encoder.encode({ offset: 1 }));
          serializer.encoder.discardChanges();
          serializer.needFullEncode = true;
          return encoded;
        });
        assert.ok(bytes[0]!.equals(bytes[1]!), `patch ${patch}`);
        if (patch % 10 === 9) {
          const whole = [fitted, plain].map(({ serializer }) => Buffer.from(serializer.getFullState()));
          assert.ok(whole[0]!.equals(whole[1]!), `whole state after patch ${patch}`);
        }
      }
    } finally {
      console.warn = warn;
    }
    const whole = fitted.serializer.getFullState().length;
    assert.ok(whole > 4 * 1024, `a whole state of ${whole} bytes`);
    assert.ok(
      fitted.serializer.fullEncodeBuffer.byteLength >= whole,
      'the whole state buffer kept its growth',
    );
    assert.ok(fitted.serializer.fullEncodeBuffer.byteLength < 2 * 16 * 1024);
    assert.ok(fitted.serializer.encoder.sharedBuffer.byteLength < 16 * 1024, 'patches kept a small buffer');
    assert.deepEqual(
      warnings.filter((w) => String(w).includes('buffer overflow')),
      [],
    );
  });

  it('refuses a room whose serializer it cannot read', () => {
    assert.throws(() => fitStateBuffers(new PlainRoom(), 1024), /no whole-state buffer/);
  });
});
