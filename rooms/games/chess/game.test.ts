import assert from 'node:assert/strict';
import { Chess } from 'chessops/chess';
import { makeFen, parseFen } from 'chessops/fen';
import { parseSan } from 'chessops/san';
import { makeUci } from 'chessops/util';
import type { ChessEvent } from '../../../schema/chess.ts';
import { config, must, refused, started } from '../../../test/support/chess-rules.ts';
import { applyEvent, type ChessGame, canAbort, newGame } from './game.ts';
import type { RuleError } from './result.ts';

/** Plays SAN moves one second apart, each converted to UCI by chessops. */
function playSan(game: ChessGame, line: string): ChessGame {
  let at = Math.max(game.clock.since, ...game.moves.map((m) => m.at));
  for (const san of line.split(/\s+/).filter((t) => t && !/^\d+\.+$/.test(t))) {
    const pos = Chess.fromSetup(parseFen(game.fen).unwrap()).unwrap();
    const move = parseSan(pos, san);
    assert.ok(move, `${san} should be legal in ${game.fen}`);
    at += 1_000;
    game = must(game, { type: 'move', at, by: game.turn, uci: makeUci(move) });
  }
  return game;
}

const move = (game: ChessGame, uci: string, at = lastAt(game) + 1_000): ChessEvent => ({
  type: 'move',
  at,
  by: game.turn,
  uci,
});
const lastAt = (game: ChessGame) => Math.max(game.clock.since, ...game.moves.map((m) => m.at));

describe('chess rules: moves', () => {
  it('a new game waits for its start with the standard position and full clocks', () => {
    const game = newGame(config());
    assert.equal(game.status, 'waiting');
    assert.equal(game.fen, 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1');
    assert.equal(game.turn, 'white');
    assert.deepEqual(game.clock, { white: 180_000, black: 180_000, running: null, since: 0 });
    assert.equal(game.eventCount, 0);
    assert.equal(canAbort(game), true);
  });

  it('a move before the start is refused with GAME_NOT_STARTED', () => {
    refused(newGame(config()), { type: 'move', at: 1, by: 'white', uci: 'e2e4' }, 'GAME_NOT_STARTED');
  });

  it('a move out of turn is refused and the game is unchanged', () => {
    refused(started(), { type: 'move', at: 2_000, by: 'black', uci: 'e7e5' }, 'NOT_YOUR_TURN');
  });

  const formats: [string, RuleError][] = [
    ['e2e4 ', 'BAD_MOVE_FORMAT'],
    ['E2E4', 'BAD_MOVE_FORMAT'],
    ['e2', 'BAD_MOVE_FORMAT'],
    ['Q@e4', 'BAD_MOVE_FORMAT'],
    ['P@e4', 'BAD_MOVE_FORMAT'],
    ['e2e9', 'BAD_MOVE_FORMAT'],
    ['e2e4k', 'BAD_MOVE_FORMAT'],
    ['0000', 'BAD_MOVE_FORMAT'],
    ['e4', 'BAD_MOVE_FORMAT'],
    ['e2e4q', 'ILLEGAL_MOVE'],
    ['e2e5', 'ILLEGAL_MOVE'],
    ['e7e5', 'ILLEGAL_MOVE'],
    ['e1g1', 'ILLEGAL_MOVE'],
    ['e1h1', 'ILLEGAL_MOVE'],
    ['a1a1', 'ILLEGAL_MOVE'],
  ];
  for (const [uci, error] of formats) {
    it(`white's "${uci}" in the initial position is refused with ${error}`, () => {
      refused(started(), { type: 'move', at: 2_000, by: 'white', uci }, error);
    });
  }

  it('a legal move gives a new game with the move in UCI and SAN; the old game is untouched', () => {
    const before = started();
    const snapshot = structuredClone(before);
    const after = must(before, { type: 'move', at: 2_000, by: 'white', uci: 'g1f3' });
    assert.deepStrictEqual(before, snapshot);
    assert.deepEqual(after.moves, [{ uci: 'g1f3', san: 'Nf3', by: 'white', at: 2_000, clockMs: 180_000 }]);
    assert.equal(after.turn, 'black');
    assert.equal(after.eventCount, before.eventCount + 1);
    assert.equal(after.fen, 'rnbqkbnr/pppppppp/8/8/8/5N2/PPPPPPPP/RNBQKB1R b KQkq - 1 1');
    // the same event on the old game again gives an equal game: nothing hidden was mutated
    assert.deepStrictEqual(must(before, { type: 'move', at: 2_000, by: 'white', uci: 'g1f3' }), after);
  });

  const castlings: [string, string, string, string, string][] = [
    // [fen, sent, recorded, san, fen after]
    ['r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1', 'e1g1', 'e1g1', 'O-O', 'r3k2r/8/8/8/8/8/8/R4RK1 b kq - 1 1'],
    ['r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1', 'e1h1', 'e1g1', 'O-O', 'r3k2r/8/8/8/8/8/8/R4RK1 b kq - 1 1'],
    ['r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1', 'e1c1', 'e1c1', 'O-O-O', 'r3k2r/8/8/8/8/8/8/2KR3R b kq - 1 1'],
    ['r3k2r/8/8/8/8/8/8/R3K2R w KQkq - 0 1', 'e1a1', 'e1c1', 'O-O-O', 'r3k2r/8/8/8/8/8/8/2KR3R b kq - 1 1'],
    ['r3k2r/8/8/8/8/8/8/R3K2R b KQkq - 0 1', 'e8g8', 'e8g8', 'O-O', 'r4rk1/8/8/8/8/8/8/R3K2R w KQ - 1 2'],
    ['r3k2r/8/8/8/8/8/8/R3K2R b KQkq - 0 1', 'e8a8', 'e8c8', 'O-O-O', '2kr3r/8/8/8/8/8/8/R3K2R w KQ - 1 2'],
  ];
  for (const [fen, sent, recorded, san, after] of castlings) {
    it(`castling sent as ${sent} is recorded as ${recorded} (${san})`, () => {
      const game = started(fen);
      const next = must(game, move(game, sent));
      assert.equal(next.moves[0]?.uci, recorded);
      assert.equal(next.moves[0]?.san, san);
      assert.equal(next.fen, after);
    });
  }

  it('castling through an attacked square is refused in both notations', () => {
    // a black rook on f4 attacks f1
    const game = started('r3k2r/8/8/8/5r2/8/8/R3K2R w KQkq - 0 1');
    refused(game, move(game, 'e1g1'), 'ILLEGAL_MOVE');
    refused(game, move(game, 'e1h1'), 'ILLEGAL_MOVE');
    assert.equal(must(game, move(game, 'e1c1')).moves[0]?.san, 'O-O-O');
  });

  it('en passant captures the pawn that just passed', () => {
    const game = playSan(started(), '1. e4 a6 2. e5 d5');
    assert.equal(game.fen, 'rnbqkbnr/1pp1pppp/p7/3pP3/8/8/PPPP1PPP/RNBQKBNR w KQkq d6 0 3');
    const next = must(game, move(game, 'e5d6'));
    assert.equal(next.moves.at(-1)?.san, 'exd6');
    assert.equal(next.fen, 'rnbqkbnr/1pp1pppp/p2P4/8/8/8/PPPP1PPP/RNBQKBNR b KQkq - 0 3');
    // one move later the right is gone
    const late = playSan(game, 'Nf3 Nf6');
    refused(late, move(late, 'e5d6'), 'ILLEGAL_MOVE');
  });

  const promotions: [string, RuleError | string][] = [
    ['a7a8', 'ILLEGAL_MOVE'],
    ['a7a8q', 'a8=Q'],
    ['a7a8r', 'a8=R'],
    ['a7a8b', 'a8=B'],
    ['a7a8n', 'a8=N+'],
    ['b7b8q', 'ILLEGAL_MOVE'],
  ];
  for (const [uci, expected] of promotions) {
    it(`promotion ${uci} ${expected.includes('_') ? 'is refused' : `is ${expected}`}`, () => {
      // white pawn on a7, black king on b6: a8=N gives check
      const game = started('8/P7/1k6/8/8/8/8/K7 w - - 0 1');
      if (expected.includes('_')) return refused(game, move(game, uci), expected as RuleError);
      const next = must(game, move(game, uci));
      assert.equal(next.moves[0]?.san, expected);
      assert.equal(next.moves[0]?.uci, uci);
    });
  }

  it('a promotion letter on a move that does not promote is refused', () => {
    const game = started('8/P7/1k6/8/8/8/4P3/K7 w - - 0 1');
    refused(game, move(game, 'e2e4q'), 'ILLEGAL_MOVE');
    refused(game, move(game, 'a1a2q'), 'ILLEGAL_MOVE');
  });

  it('an initial FEN that does not parse or is not a legal position throws', () => {
    assert.throws(() => newGame(config('not a fen')), /bad initial FEN/);
    assert.throws(() => newGame(config('8/8/8/8/8/8/8/K7 w - - 0 1')), /illegal initial position/);
    assert.throws(() => newGame(config('k7/8/8/8/8/8/8/K7 w - - 0 1')), /already over/);
  });
});

describe('chess rules: automatic endings', () => {
  const cases: { name: string; source: string; line: string; result: string; termination: string }[] = [
    {
      name: "fool's mate",
      source: "the shortest checkmate, Wikipedia 'Fool's mate'",
      line: '1. f3 e5 2. g4 Qh4#',
      result: '0-1',
      termination: 'checkmate',
    },
    {
      name: "scholar's mate",
      source: "Wikipedia 'Scholar's mate'",
      line: '1. e4 e5 2. Bc4 Nc6 3. Qh5 Nf6 4. Qxf7#',
      result: '1-0',
      termination: 'checkmate',
    },
    {
      name: "Sam Loyd's ten-move stalemate",
      source: "Sam Loyd; Wikipedia 'Stalemate', fastest known stalemate",
      line: '1. e3 a5 2. Qh5 Ra6 3. Qxa5 h5 4. h4 Rah6 5. Qxc7 f6 6. Qxd7+ Kf7 7. Qxb7 Qd3 8. Qxb8 Qh7 9. Qxc8 Kg6 10. Qe6',
      result: '1/2-1/2',
      termination: 'stalemate',
    },
    {
      name: 'fivefold repetition with knights (the start position a fifth time)',
      source: 'FIDE Laws 9.6.1',
      line: 'Nf3 Nf6 Ng1 Ng8 Nf3 Nf6 Ng1 Ng8 Nf3 Nf6 Ng1 Ng8 Nf3 Nf6 Ng1 Ng8',
      result: '1/2-1/2',
      termination: 'fivefold_repetition',
    },
  ];
  for (const c of cases) {
    it(`${c.name} ends the game ${c.result} by ${c.termination} (${c.source})`, () => {
      const game = playSan(started(), c.line);
      assert.equal(game.status, 'ended');
      assert.equal(game.result, c.result);
      assert.equal(game.termination, c.termination);
      assert.equal(game.winner, c.result === '1-0' ? 'white' : c.result === '0-1' ? 'black' : null);
      assert.equal(game.endedAt, game.moves.at(-1)?.at);
      assert.equal(game.clock.running, null);
      assert.equal(game.claimableDraw, null);
      refused(game, { type: 'resign', at: game.endedAt! + 1, by: 'white' }, 'GAME_OVER');
    });
  }

  it('the mating move is written with #', () => {
    assert.equal(playSan(started(), '1. f3 e5 2. g4 Qh4#').moves.at(-1)?.san, 'Qh4#');
  });

  const fens: { name: string; fen: string; uci: string; termination: string; result: string }[] = [
    {
      name: 'king takes the last pawn: K v K',
      fen: 'k7/8/8/8/3p4/4K3/8/8 w - - 0 1',
      uci: 'e3d4',
      termination: 'insufficient_material',
      result: '1/2-1/2',
    },
    {
      name: 'king takes the last rook: K+B v K',
      fen: 'k7/8/8/8/3r4/4K3/8/6B1 w - - 0 1',
      uci: 'e3d4',
      termination: 'insufficient_material',
      result: '1/2-1/2',
    },
    {
      name: 'the 150th quiet half-move',
      fen: 'k7/8/8/8/8/8/1R6/K7 w - - 149 80',
      uci: 'b2b3',
      termination: 'seventy_five_moves',
      result: '1/2-1/2',
    },
    {
      name: 'a mate on the 150th quiet half-move wins',
      fen: 'k7/8/1K6/8/8/8/8/7R w - - 149 80',
      uci: 'h1h8',
      termination: 'checkmate',
      result: '1-0',
    },
  ];
  for (const c of fens) {
    it(`${c.name} ends the game by ${c.termination}`, () => {
      const game = started(c.fen);
      const next = must(game, move(game, c.uci));
      assert.equal(next.termination, c.termination);
      assert.equal(next.result, c.result);
    });
  }
});

describe('chess rules: draws by claim', () => {
  it('the side to move may claim threefold repetition, and only it', () => {
    const twice = playSan(started(), 'Nf3 Nf6 Ng1 Ng8');
    assert.equal(twice.claimableDraw, null);
    refused(twice, { type: 'draw:claim', at: lastAt(twice) + 1, by: 'white' }, 'DRAW_NOT_CLAIMABLE');
    const thrice = playSan(twice, 'Nf3 Nf6 Ng1 Ng8');
    assert.equal(thrice.claimableDraw, 'threefold_repetition');
    assert.equal(thrice.status, 'playing');
    refused(thrice, { type: 'draw:claim', at: lastAt(thrice) + 1, by: 'black' }, 'NOT_YOUR_TURN');
    const drawn = must(thrice, { type: 'draw:claim', at: lastAt(thrice) + 1, by: 'white' });
    assert.equal(drawn.result, '1/2-1/2');
    assert.equal(drawn.termination, 'threefold_repetition');
    // moving on without claiming loses the right
    assert.equal(playSan(thrice, 'Nc3').claimableDraw, null);
  });

  it('a double push that cannot be taken en passant does not make the position a new one', () => {
    // after 1. e4 black cannot capture on e3, so the position after 3. Ng1 is the one after 1. e4
    const game = playSan(started(), '1. e4 Nf6 2. Nf3 Ng8 3. Ng1 Nf6 4. Nf3 Ng8 5. Ng1');
    assert.equal(game.claimableDraw, 'threefold_repetition');
  });

  it('a position where en passant is possible differs from the same board without that right', () => {
    // after 2...d5 exd6 is legal; the same board later (no en passant) is another position
    const base = playSan(started(), '1. e4 Nf6 2. e5 d5');
    const twice = playSan(base, 'Nf3 Ng4 Ng1 Nf6 Nf3 Ng4 Ng1 Nf6');
    assert.equal(twice.claimableDraw, null);
    const thrice = playSan(twice, 'Nf3 Ng4 Ng1 Nf6');
    assert.equal(thrice.claimableDraw, 'threefold_repetition');
  });

  it('after 100 quiet half-moves the side to move may claim the fifty-move rule', () => {
    const game = started('k7/8/8/8/8/8/1R6/K7 w - - 99 70');
    assert.equal(game.claimableDraw, null);
    const next = must(game, move(game, 'b2b3'));
    assert.equal(next.claimableDraw, 'fifty_moves');
    refused(next, { type: 'draw:claim', at: lastAt(next) + 1, by: 'white' }, 'NOT_YOUR_TURN');
    const drawn = must(next, { type: 'draw:claim', at: lastAt(next) + 1, by: 'black' });
    assert.equal(drawn.termination, 'fifty_moves');
    assert.equal(drawn.result, '1/2-1/2');
    // a pawn move or capture resets the count
    const reset = playSan(started('k7/p7/8/8/8/8/1R6/K7 w - - 99 70'), 'Rb3 a6');
    assert.equal(reset.claimableDraw, null);
  });
});

describe('chess rules: draw offers', () => {
  const at = 1_500;
  it('an offer stands until the opponent accepts: a draw by agreement', () => {
    const offered = must(started(), { type: 'draw:offer', at, by: 'black' });
    assert.equal(offered.drawOffer, 'black');
    refused(offered, { type: 'draw:offer', at, by: 'black' }, 'DRAW_ALREADY_OFFERED');
    refused(offered, { type: 'draw:accept', at, by: 'black' }, 'NO_DRAW_OFFER');
    const drawn = must(offered, { type: 'draw:accept', at, by: 'white' });
    assert.deepEqual(
      [drawn.status, drawn.result, drawn.termination, drawn.winner],
      ['ended', '1/2-1/2', 'agreement', null],
    );
    assert.equal(drawn.drawOffer, null);
  });

  it('offering while the opponent has an offer standing accepts it', () => {
    const offered = must(started(), { type: 'draw:offer', at, by: 'white' });
    assert.equal(must(offered, { type: 'draw:offer', at, by: 'black' }).termination, 'agreement');
  });

  it('a decline clears the offer; declining or accepting nothing is refused', () => {
    const game = started();
    refused(game, { type: 'draw:accept', at, by: 'white' }, 'NO_DRAW_OFFER');
    refused(game, { type: 'draw:decline', at, by: 'white' }, 'NO_DRAW_OFFER');
    const offered = must(game, { type: 'draw:offer', at, by: 'white' });
    refused(offered, { type: 'draw:decline', at, by: 'white' }, 'NO_DRAW_OFFER');
    const declined = must(offered, { type: 'draw:decline', at, by: 'black' });
    assert.equal(declined.drawOffer, null);
    assert.equal(declined.status, 'playing');
    assert.equal(must(declined, { type: 'draw:offer', at, by: 'white' }).drawOffer, 'white');
  });

  it("the offerer's own move keeps the offer; the opponent's move declines it", () => {
    const offered = must(started(), { type: 'draw:offer', at, by: 'white' });
    const afterOwn = playSan(offered, 'e4');
    assert.equal(afterOwn.drawOffer, 'white');
    assert.equal(playSan(afterOwn, 'e5').drawOffer, null);
    assert.equal(
      must(afterOwn, { type: 'draw:offer', at: lastAt(afterOwn), by: 'black' }).termination,
      'agreement',
    );
  });

  it('an offer off turn is cancelled by the move of the side to move', () => {
    const offered = must(started(), { type: 'draw:offer', at, by: 'black' });
    assert.equal(playSan(offered, 'e4').drawOffer, null);
  });

  it('offers need a started game', () => {
    refused(newGame(config()), { type: 'draw:offer', at, by: 'white' }, 'GAME_NOT_STARTED');
  });
});

describe('chess rules: resign, abort, abandon', () => {
  it('resigning gives the opponent the win', () => {
    const game = must(playSan(started(), 'e4 e5 Nf3'), { type: 'resign', at: 20_000, by: 'black' });
    assert.deepEqual(
      [game.result, game.termination, game.winner, game.endedAt],
      ['1-0', 'resignation', 'white', 20_000],
    );
  });

  it('a player may abort until both sides have moved', () => {
    const rows: [string, boolean][] = [
      ['', true],
      ['e4', true],
      ['e4 e5', false],
    ];
    for (const [line, allowed] of rows) {
      const game = line ? playSan(started(), line) : started();
      assert.equal(canAbort(game), allowed, line);
      const event: ChessEvent = { type: 'abort', at: lastAt(game) + 1, by: 'black' };
      if (!allowed) {
        refused(game, event, 'ABORT_NOT_ALLOWED');
        continue;
      }
      const aborted = must(game, event);
      assert.deepEqual([aborted.result, aborted.termination, aborted.winner], ['*', 'aborted', null]);
      assert.equal(canAbort(aborted), false);
    }
  });

  it('a game may be aborted before it starts', () => {
    const aborted = must(newGame(config()), { type: 'abort', at: 10, by: 'white' });
    assert.equal(aborted.termination, 'aborted');
    assert.equal(aborted.startedAt, null);
  });

  it('the server aborts only once the first-move deadline has passed', () => {
    const game = started();
    refused(game, { type: 'abort', at: 30_999, by: null }, 'BAD_EVENT');
    assert.equal(must(game, { type: 'abort', at: 31_000, by: null }).termination, 'aborted');
    refused(newGame(config()), { type: 'abort', at: 40_000, by: null }, 'BAD_EVENT');
  });

  it('a victory claim gives the claimer the win; abandon ends without a result', () => {
    const game = playSan(started(), 'e4 e5');
    const claimed = must(game, { type: 'victory:claim', at: 9_000, by: 'black' });
    assert.deepEqual([claimed.result, claimed.termination, claimed.winner], ['0-1', 'abandoned', 'black']);
    const abandoned = must(game, { type: 'abandon', at: 9_000 });
    assert.deepEqual(
      [abandoned.result, abandoned.termination, abandoned.winner],
      ['*', 'abandoned_by_both', null],
    );
  });
});

describe('chess rules: refusals', () => {
  it('every event on an ended game is refused with GAME_OVER', () => {
    const ended = playSan(started(), '1. f3 e5 2. g4 Qh4#');
    const at = ended.endedAt! + 1_000_000;
    const events: ChessEvent[] = [
      { type: 'start', at },
      { type: 'move', at, by: 'white', uci: 'e2e4' },
      { type: 'draw:offer', at, by: 'white' },
      { type: 'draw:accept', at, by: 'white' },
      { type: 'draw:decline', at, by: 'white' },
      { type: 'draw:claim', at, by: 'white' },
      { type: 'resign', at, by: 'white' },
      { type: 'abort', at, by: 'white' },
      { type: 'abort', at, by: null },
      { type: 'flag', at },
      { type: 'victory:claim', at, by: 'white' },
      { type: 'abandon', at },
      { type: 'resume', at, since: at - 1 },
    ];
    for (const event of events) refused(ended, event, 'GAME_OVER');
  });

  it('every event but start and abort waits for the start', () => {
    const waiting = newGame(config());
    const events: ChessEvent[] = [
      { type: 'draw:claim', at: 1, by: 'white' },
      { type: 'resign', at: 1, by: 'white' },
      { type: 'flag', at: 1 },
      { type: 'victory:claim', at: 1, by: 'white' },
      { type: 'abandon', at: 1 },
      { type: 'resume', at: 1, since: 0 },
    ];
    for (const event of events) refused(waiting, event, 'GAME_NOT_STARTED');
  });

  it('an event dated before the previous one is refused', () => {
    const game = playSan(started(), 'e4');
    refused(game, { type: 'move', at: lastAt(game) - 1, by: 'black', uci: 'e7e5' }, 'BAD_EVENT');
    refused(game, { type: 'draw:offer', at: Number.NaN, by: 'black' }, 'BAD_EVENT');
    refused(started(), { type: 'start', at: 2_000 }, 'BAD_EVENT');
  });

  it('a copy of a game (spread or structuredClone) plays on like the original', () => {
    const game = playSan(started(), '1. e4 Nf6 2. Nf3 Ng8 3. Ng1 Nf6 4. Nf3 Ng8');
    const next = must(game, move(game, 'f3g1'));
    assert.deepStrictEqual(must({ ...game }, move(game, 'f3g1')), next);
    assert.deepStrictEqual(must(structuredClone(game), move(game, 'f3g1')), next);
    assert.equal(next.claimableDraw, 'threefold_repetition');
    assert.throws(() => applyEvent({ ...game, fen: makeFen(Chess.default().toSetup()) }, move(game, 'f3g1')));
  });
});
