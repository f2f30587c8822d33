import assert from 'node:assert/strict';
import { Encoder, MapSchema, Reflection, Schema, type } from '@colyseus/schema';
import { REFLECTED_TYPES_KEPT, SharedTypesSerializer } from '../client-sdk/reflected-types.ts';

class Piece extends Schema {
  @type('string') name = '';
}

class Board extends Schema {
  @type('string') title = '';
  @type({ map: Piece }) pieces = new MapSchema<Piece>();
}

class OtherBoard extends Schema {
  @type('string') title = '';
  @type('number') moves = 0;
}

/** What a server sends a joiner of a room whose state is `state`: the types, then the state. */
function joinBytes(state: Schema): { handshake: Uint8Array; full: Uint8Array } {
  const encoder = new Encoder(state);
  const handshake = Uint8Array.from(Reflection.encode(encoder));
  const full = Uint8Array.from(encoder.encodeAll());
  return { handshake, full };
}

function board(title: string, pieces: string[]): Board {
  const state = new Board();
  state.title = title;
  for (const name of pieces) state.pieces.set(name, Object.assign(new Piece(), { name }));
  return state;
}

/** A joiner's serializer after the handshake and the first state. */
function joined(bytes: { handshake: Uint8Array; full: Uint8Array }) {
  const serializer = new SharedTypesSerializer();
  const it = { offset: 0 };
  serializer.handshake(bytes.handshake, it);
  assert.equal(it.offset, bytes.handshake.length, 'the handshake is read to its end');
  serializer.setState(bytes.full, { offset: 0 });
  return serializer.state as unknown as {
    constructor: unknown;
    title: string;
    pieces: Map<string, { name: string }>;
    moves?: number;
  };
}

describe('decoded state types shared between rooms (client-sdk/reflected-types.ts)', () => {
  it('decodes two rooms of the same types with one set of classes, each its own state', () => {
    const first = joined(joinBytes(board('first', ['king'])));
    const second = joined(joinBytes(board('second', ['queen', 'rook'])));
    assert.equal(second.constructor, first.constructor);
    assert.equal(first.title, 'first');
    assert.deepEqual([...first.pieces.keys()], ['king']);
    assert.equal(second.title, 'second');
    assert.deepEqual([...second.pieces.keys()].sort(), ['queen', 'rook']);
    assert.equal(second.pieces.get('rook')!.name, 'rook');
  });

  it('builds new classes for types described differently', () => {
    const boardState = joined(joinBytes(board('a', [])));
    const other = new OtherBoard();
    other.title = 'b';
    other.moves = 7;
    const otherState = joined(joinBytes(other));
    assert.notEqual(otherState.constructor, boardState.constructor);
    assert.equal(otherState.title, 'b');
    assert.equal(otherState.moves, 7);
  });

  it('applies patches to each room on its own', () => {
    const stateA = board('a', []);
    const stateB = board('b', []);
    const encoderA = new Encoder(stateA);
    const encoderB = new Encoder(stateB);
    const serializerA = new SharedTypesSerializer();
    const serializerB = new SharedTypesSerializer();
    serializerA.handshake(Uint8Array.from(Reflection.encode(encoderA)), { offset: 0 });
    serializerB.handshake(Uint8Array.from(Reflection.encode(encoderB)), { offset: 0 });
    serializerA.setState(Uint8Array.from(encoderA.encodeAll()), { offset: 0 });
    serializerB.setState(Uint8Array.from(encoderB.encodeAll()), { offset: 0 });
    encoderA.discardChanges();
    encoderB.discardChanges();

    stateA.pieces.set('pawn', Object.assign(new Piece(), { name: 'pawn' }));
    stateB.title = 'b2';
    serializerA.patch(Uint8Array.from(encoderA.encode()), { offset: 0 });
    serializerB.patch(Uint8Array.from(encoderB.encode()), { offset: 0 });

    const a = serializerA.state as unknown as Board;
    const b = serializerB.state as unknown as Board;
    assert.equal(a.constructor, b.constructor);
    assert.deepEqual([...a.pieces.keys()], ['pawn']);
    assert.equal(a.title, 'a');
    assert.equal(b.pieces.size, 0);
    assert.equal(b.title, 'b2');
  });

  it(`keeps the classes of at most ${REFLECTED_TYPES_KEPT} descriptions, the oldest going first`, () => {
    const first = joined(joinBytes(board('x', [])));
    // Descriptions that differ: a class of its own for each, one field more each time.
    for (let i = 0; i < REFLECTED_TYPES_KEPT; i++) {
      class Many extends Schema {}
      for (let f = 0; f <= i; f++) type('number')(Many.prototype, `field${f}`);
      joined(joinBytes(new Many()));
    }
    const again = joined(joinBytes(board('y', [])));
    assert.notEqual(again.constructor, first.constructor, 'the first description was let go');
    assert.equal(again.title, 'y');
    assert.equal(joined(joinBytes(board('z', []))).constructor, again.constructor);
  });
});
