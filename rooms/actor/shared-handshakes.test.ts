import assert from 'node:assert/strict';
import { Room } from '@colyseus/core';
import { Encoder, Reflection } from '@colyseus/schema';
import { ChessState } from '../../schema/chess.state.ts';
import { MatchState } from '../../schema/match.state.ts';
import { roomSerializer } from './room-serializer.ts';
import { shareHandshake } from './shared-handshakes.ts';

class PlainRoom extends Room {}

interface Serializer {
  handshake(): Uint8Array;
}

/** A room as the matchmaker sets one up, holding `state`. */
function roomWith(state: object): { room: Room; serializer: Serializer } {
  const room = new PlainRoom();
  (room as unknown as { __init(): void }).__init();
  room.state = state as never;
  return { room, serializer: roomSerializer<Serializer>(room) as Serializer };
}

describe('shareHandshake', () => {
  it("gives rooms of one state type the first one's handshake, the bytes Colyseus would encode", () => {
    const first = roomWith(new ChessState());
    shareHandshake(first.room);
    const second = roomWith(new ChessState());
    shareHandshake(second.room);
    const bytes = second.serializer.handshake();
    assert.equal(bytes, first.serializer.handshake(), 'the same bytes, encoded once');
    assert.deepEqual(Buffer.from(bytes), Buffer.from(Reflection.encode(new Encoder(new ChessState()))));
  });

  it('keeps each state type its own handshake', () => {
    const chess = roomWith(new ChessState());
    shareHandshake(chess.room);
    const golf = roomWith(new MatchState());
    shareHandshake(golf.room);
    assert.notDeepEqual(Buffer.from(golf.serializer.handshake()), Buffer.from(chess.serializer.handshake()));
    assert.deepEqual(
      Buffer.from(golf.serializer.handshake()),
      Buffer.from(Reflection.encode(new Encoder(new MatchState()))),
    );
  });

  it('throws for a room whose state is not encoded the way it reads', () => {
    assert.throws(() => shareHandshake(new PlainRoom()), /no handshake to share/);
  });
});
