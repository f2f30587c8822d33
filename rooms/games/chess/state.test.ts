import assert from 'node:assert/strict';
import { Decoder, Encoder } from '@colyseus/schema';
import { ChessState, moveEntry, movesOf, parseMoveEntry } from '../../../schema/chess.state.ts';
import type { MatchEvent } from '../../../server/services/ports.ts';
import { checkedValue } from '../../../test/support/checked.ts';
import type { ChessGame } from './game.ts';
import { chessModule } from './module.ts';
import { projectGame } from './state.ts';

const chess = chessModule({ firstMoveMs: 30_000, defaultTimeControl: '5+3' });

/** Plays UCI moves one a second from t = 2 s, returning the game after each. */
function play(ucis: string[]): ChessGame[] {
  let game = checkedValue(
    chess.apply(
      chess.create(checkedValue(chess.parseOptions({ timeControl: '3+2' }))),
      chess.lifecycle.start(1_000, 1),
    ),
  );
  return ucis.map((uci, i) => {
    const seat = i % 2;
    const events = checkedValue(
      chess.command(game, seat, { type: 'move', payload: { uci } }, 2_000 + i * 1_000),
    ) as MatchEvent[];
    game = events.reduce((g, event) => checkedValue(chess.apply(g, event)), game) as ChessGame;
    return game;
  });
}

describe('the chess state’s moves', () => {
  it('reads back every entry as written, whatever the SAN holds', () => {
    for (const move of [
      { uci: 'e2e4', san: 'e4', clockMs: 179_000, at: 1_764_950_400_123 },
      { uci: 'e1c1', san: 'O-O-O+', clockMs: 0, at: 1 },
      { uci: 'b7a8n', san: 'bxa8=N#', clockMs: 5_432_109, at: 1_764_950_400_123 },
    ]) {
      const entry = moveEntry(move);
      assert.equal(entry.split(' ').length, 4, entry);
      assert.deepEqual(parseMoveEntry(entry), move);
    }
    assert.equal(
      moveEntry({ uci: 'e2e4', san: 'e4', clockMs: 179_000, at: 1_764_950_400_123 }),
      'e2e4 e4 179000 1764950400123',
    );
  });

  it('projects each move as one entry, and a patch after a move carries that entry alone', () => {
    const ucis = ['f2f3', 'e7e5', 'g2g4', 'd8h4'];
    const games = play(ucis);
    const state = new ChessState();
    const encoder = new Encoder(state);
    const client = new ChessState();
    const decoder = new Decoder(client);

    projectGame(state, games[2]!, 4_000);
    decoder.decode(encoder.encodeAll());
    encoder.discardChanges();
    assert.deepEqual(
      movesOf(client).map((m) => [m.uci, m.san]),
      [
        ['f2f3', 'f3'],
        ['e7e5', 'e5'],
        ['g2g4', 'g4'],
      ],
    );

    projectGame(state, games[3]!, 5_000);
    const patch = Buffer.from(encoder.encode());
    encoder.discardChanges();
    const last = games[3]!.moves.at(-1)!;
    const entry = moveEntry(last);
    assert.ok(patch.includes(Buffer.from(entry)), 'the new entry is in the patch');
    for (const earlier of games[2]!.moves)
      assert.ok(!patch.includes(Buffer.from(moveEntry(earlier))), `${earlier.uci} is not sent again`);
    decoder.decode(patch);
    assert.deepEqual(
      movesOf(client),
      games[3]!.moves.map(({ uci, san, clockMs, at }) => ({ uci, san, clockMs, at })),
    );
    assert.deepEqual(movesOf(client).at(-1), { uci: 'd8h4', san: 'Qh4#', clockMs: last.clockMs, at: 5_000 });
    assert.equal(client.status, 'ended');
  });
});
