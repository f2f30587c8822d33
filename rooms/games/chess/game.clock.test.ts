import assert from 'node:assert/strict';
import { config, must, refused, started } from '../../../test/support/chess-rules.ts';
import { type ChessGame, clocksAt, dueEvent, newGame, nextDeadline } from './game.ts';

/** Applies `[at, uci]` moves, each by the side to move. */
function moves(game: ChessGame, list: [number, string][]): ChessGame {
  for (const [at, uci] of list) game = must(game, { type: 'move', at, by: game.turn, uci });
  return game;
}

const start = started;

describe('chess rules: clocks', () => {
  it('no clock runs before both sides have moved; each first move has its own deadline', () => {
    const game = start();
    assert.deepEqual(game.clock, { white: 180_000, black: 180_000, running: null, since: 1_000 });
    assert.equal(game.firstMoveDeadline, 31_000);
    assert.equal(nextDeadline(game), 31_000);

    const afterWhite = moves(game, [[5_000, 'e2e4']]);
    assert.equal(afterWhite.firstMoveDeadline, 35_000);
    assert.equal(afterWhite.clock.running, null);
    assert.equal(afterWhite.moves[0]?.clockMs, 180_000);
    assert.deepEqual(clocksAt(afterWhite, 34_000), { white: 180_000, black: 180_000 });

    const afterBlack = moves(afterWhite, [[8_000, 'e7e5']]);
    assert.equal(afterBlack.firstMoveDeadline, null);
    assert.deepEqual(afterBlack.clock, { white: 180_000, black: 180_000, running: 'white', since: 8_000 });
    assert.equal(afterBlack.moves[1]?.clockMs, 180_000, 'no increment for a first move');
  });

  it('a move pays the time since the last move and gains the increment', () => {
    const game = moves(start(), [
      [5_000, 'e2e4'],
      [8_000, 'e7e5'],
      [18_000, 'g1f3'], // white thought 10 s: 180 - 10 + 2
      [21_000, 'b8c6'], // black thought 3 s: 180 - 3 + 2
    ]);
    assert.deepEqual(
      game.moves.map((m) => m.clockMs),
      [180_000, 180_000, 172_000, 179_000],
    );
    assert.deepEqual(game.clock, { white: 172_000, black: 179_000, running: 'white', since: 21_000 });
    assert.deepEqual(clocksAt(game, 31_000), { white: 162_000, black: 179_000 });
    assert.deepEqual(clocksAt(game, 10_000_000), { white: 0, black: 179_000 });
    assert.equal(nextDeadline(game), 193_000);
    assert.equal(dueEvent(game, 192_999), null);
    assert.deepEqual(dueEvent(game, 500_000), { type: 'flag', at: 193_000 });
  });

  it('a game that ends stops the clock, the running side paying up to the end', () => {
    const game = moves(start(), [
      [5_000, 'e2e4'],
      [8_000, 'e7e5'],
    ]);
    const resigned = must(game, { type: 'resign', at: 20_000, by: 'black' });
    assert.deepEqual(resigned.clock, { white: 168_000, black: 180_000, running: null, since: 20_000 });
    assert.deepEqual(clocksAt(resigned, 1_000_000), { white: 168_000, black: 180_000 });
    assert.equal(nextDeadline(resigned), null);
    assert.equal(dueEvent(resigned, 1_000_000), null);
  });

  it('a move at or after the moment the clock ran out is refused; the flag is due instead', () => {
    const game = moves(start(), [
      [5_000, 'e2e4'],
      [8_000, 'e7e5'],
    ]);
    refused(game, { type: 'move', at: 188_000, by: 'white', uci: 'g1f3' }, 'BAD_EVENT');
    refused(game, { type: 'draw:offer', at: 200_000, by: 'black' }, 'BAD_EVENT');
    refused(game, { type: 'flag', at: 187_999 }, 'BAD_EVENT');
    assert.equal(moves(game, [[187_999, 'g1f3']]).moves[2]?.clockMs, 2_001);

    const due = dueEvent(game, 250_000);
    assert.deepEqual(due, { type: 'flag', at: 188_000 });
    const flagged = must(game, due!);
    assert.deepEqual([flagged.result, flagged.termination, flagged.winner], ['0-1', 'timeout', 'black']);
    assert.deepEqual(flagged.clock, { white: 0, black: 180_000, running: null, since: 188_000 });
    // a flag reported late ends the game the same way
    assert.equal(must(game, { type: 'flag', at: 250_000 }).termination, 'timeout');
  });

  const flags: {
    name: string;
    fen: string;
    first: [number, string][];
    termination: string;
    result: string;
  }[] = [
    {
      name: 'white flags while black has only a king: a draw',
      fen: 'k7/8/8/8/8/8/1R6/K7 w - - 0 1',
      first: [
        [2_000, 'b2b3'],
        [3_000, 'a8a7'],
      ],
      termination: 'timeout_vs_insufficient_material',
      result: '1/2-1/2',
    },
    {
      name: 'black flags while white has a rook: white wins',
      fen: 'k7/8/8/8/8/8/1R6/K7 w - - 0 1',
      first: [
        [2_000, 'b2b3'],
        [3_000, 'a8a7'],
        [4_000, 'b3b4'],
      ],
      termination: 'timeout',
      result: '1-0',
    },
    {
      name: 'white (king and queen) flags while black has a lone knight: a draw',
      fen: 'k7/8/8/3n4/8/8/1Q6/K7 w - - 0 1',
      first: [
        [2_000, 'b2b3'],
        [3_000, 'd5e3'],
      ],
      termination: 'timeout_vs_insufficient_material',
      result: '1/2-1/2',
    },
    {
      // as Lichess: a white rook can block its own king, so a knight can mate (chessops hasInsufficientMaterial)
      name: 'white (king and rook) flags while black has a lone knight: black wins',
      fen: 'k7/8/8/3n4/8/8/1R6/K7 w - - 0 1',
      first: [
        [2_000, 'b2b3'],
        [3_000, 'd5e3'],
      ],
      termination: 'timeout',
      result: '0-1',
    },
    {
      name: 'white flags while black has a pawn (mate is possible): black wins',
      fen: 'k7/p7/8/8/8/8/1R6/K7 w - - 0 1',
      first: [
        [2_000, 'b2b3'],
        [3_000, 'a7a6'],
      ],
      termination: 'timeout',
      result: '0-1',
    },
  ];
  for (const c of flags) {
    it(c.name, () => {
      const game = moves(start(c.fen), c.first);
      const due = dueEvent(game, Number.MAX_SAFE_INTEGER);
      assert.equal(due?.type, 'flag');
      const flagged = must(game, due!);
      assert.deepEqual([flagged.termination, flagged.result], [c.termination, c.result]);
    });
  }
});

describe('chess rules: first-move timers', () => {
  it("white's first move is due firstMoveMs after the start, then black's after white's move", () => {
    const game = start();
    assert.equal(dueEvent(game, 30_999), null);
    assert.deepEqual(dueEvent(game, 31_000), { type: 'abort', by: null, at: 31_000 });
    refused(game, { type: 'move', at: 31_000, by: 'white', uci: 'e2e4' }, 'BAD_EVENT');
    const aborted = must(game, dueEvent(game, 99_000)!);
    assert.deepEqual([aborted.result, aborted.termination, aborted.winner], ['*', 'aborted', null]);

    const afterWhite = moves(game, [[30_999, 'e2e4']]);
    assert.equal(nextDeadline(afterWhite), 60_999);
    assert.deepEqual(dueEvent(afterWhite, 70_000), { type: 'abort', by: null, at: 60_999 });
    refused(afterWhite, { type: 'abort', at: 60_998, by: null }, 'BAD_EVENT');
    assert.equal(nextDeadline(moves(afterWhite, [[60_998, 'e7e5']])), 60_998 + 180_000);
  });

  it('nothing is due while waiting for the start', () => {
    assert.equal(nextDeadline(newGame(config())), null);
    assert.equal(dueEvent(newGame(config()), Number.MAX_SAFE_INTEGER), null);
  });
});

describe('chess rules: resume after an outage', () => {
  const running = () =>
    moves(start(), [
      [5_000, 'e2e4'],
      [8_000, 'e7e5'],
    ]);

  it('the outage is charged to nobody; the time before it is', () => {
    const game = running();
    const resumed = must(game, { type: 'resume', since: 20_000, at: 80_000 });
    assert.deepEqual(resumed.clock, { white: 168_000, black: 180_000, running: 'white', since: 80_000 });
    assert.equal(resumed.status, 'playing');
    assert.deepEqual(clocksAt(resumed, 90_000), { white: 158_000, black: 180_000 });
    const next = moves(resumed, [[90_000, 'g1f3']]);
    assert.equal(next.moves[2]?.clockMs, 160_000);
  });

  it('a first-move deadline moves by the length of the outage', () => {
    const game = start();
    const resumed = must(game, { type: 'resume', since: 10_000, at: 70_000 });
    assert.equal(resumed.firstMoveDeadline, 91_000);
    assert.equal(dueEvent(resumed, 90_999), null);
  });

  it('a deadline that had passed before the outage falls due when the game is back', () => {
    const game = start();
    const resumed = must(game, { type: 'resume', since: 40_000, at: 100_000 });
    assert.deepEqual(dueEvent(resumed, 100_000), { type: 'abort', by: null, at: 100_000 });
    assert.equal(must(resumed, dueEvent(resumed, 100_000)!).termination, 'aborted');
  });

  it('a clock that had run out before the outage flags when the game is back, never by itself', () => {
    const game = running();
    const resumed = must(game, { type: 'resume', since: 300_000, at: 400_000 });
    assert.equal(resumed.status, 'playing');
    assert.deepEqual(resumed.clock, { white: 0, black: 180_000, running: 'white', since: 400_000 });
    const due = dueEvent(resumed, 400_000);
    assert.deepEqual(due, { type: 'flag', at: 400_000 });
    assert.equal(must(resumed, due!).termination, 'timeout');
  });

  it('an outage must lie between the previous event and the resume', () => {
    const game = running();
    refused(game, { type: 'resume', since: 7_999, at: 9_000 }, 'BAD_EVENT');
    refused(game, { type: 'resume', since: 9_001, at: 9_000 }, 'BAD_EVENT');
  });
});
