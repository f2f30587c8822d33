import assert from 'node:assert/strict';
import { makeFen } from 'chessops/fen';
import { parseComment, parsePgn, startingPosition } from 'chessops/pgn';
import { parseSan } from 'chessops/san';
import type { ChessEvent } from '../../../schema/chess.ts';
import { chooseBotMove } from './bot.ts';
import { applyEvent, type ChessGame, type GameConfig, newGame, replay } from './game.ts';
import { makePgn, type PgnMeta } from './pgn.ts';

const START = Date.UTC(2026, 10, 22, 18, 5, 9, 450);
const config = (initialFen?: string): GameConfig => ({
  timeControl: { initialMs: 180_000, incrementMs: 2_000, label: '3+2' },
  firstMoveMs: 30_000,
  ...(initialFen === undefined ? {} : { initialFen }),
});
const meta: PgnMeta = {
  event: 'Rated blitz game',
  site: 'https://rookery.example/abc123',
  gameId: 'abc123',
  white: 'alice',
  black: 'bob',
  whiteElo: 1500,
  blackElo: 1620,
  whiteRatingDiff: -7,
  blackRatingDiff: 6,
  rated: true,
};

function foolsMate(): ChessGame {
  return replay(config(), [
    { type: 'start', at: START },
    { type: 'move', at: START + 5_000, by: 'white', uci: 'f2f3' },
    { type: 'move', at: START + 8_000, by: 'black', uci: 'e7e5' },
    { type: 'move', at: START + 18_000, by: 'white', uci: 'g2g4' },
    { type: 'move', at: START + 21_500, by: 'black', uci: 'd8h4' },
  ]);
}

/** The SAN of the mainline and the result, as chessops reads the PGN back. */
function readBack(pgn: string) {
  const games = parsePgn(pgn);
  assert.equal(games.length, 1);
  const game = games[0]!;
  const nodes = [...game.moves.mainline()];
  const pos = startingPosition(game.headers).unwrap();
  for (const node of nodes) {
    const move = parseSan(pos, node.san);
    assert.ok(move, `${node.san} is legal`);
    pos.play(move);
  }
  return {
    headers: game.headers,
    sans: nodes.map((n) => n.san),
    clocks: nodes.map((n) => parseComment(n.comments?.[0] ?? '').clock),
    fen: makeFen(pos.toSetup()),
  };
}

describe('PGN export', () => {
  it("fool's mate: the tags in order, then the movetext and the result", () => {
    assert.equal(
      makePgn(foolsMate(), meta, { clocks: false }),
      [
        '[Event "Rated blitz game"]',
        '[Site "https://rookery.example/abc123"]',
        '[Date "2026.11.22"]',
        '[Round "-"]',
        '[White "alice"]',
        '[Black "bob"]',
        '[Result "0-1"]',
        '[WhiteElo "1500"]',
        '[BlackElo "1620"]',
        '[WhiteRatingDiff "-7"]',
        '[BlackRatingDiff "+6"]',
        '[UTCDate "2026.11.22"]',
        '[UTCTime "18:05:09"]',
        '[TimeControl "180+2"]',
        '[Termination "Normal"]',
        '[GameId "abc123"]',
        '',
        '1. f3 e5 2. g4 Qh4# 0-1',
        '',
      ].join('\n'),
    );
  });

  it('ratings are left out when not given', () => {
    const pgn = makePgn(
      foolsMate(),
      {
        ...meta,
        whiteElo: undefined,
        blackElo: undefined,
        whiteRatingDiff: undefined,
        blackRatingDiff: undefined,
        rated: false,
      },
      { clocks: false },
    );
    assert.doesNotMatch(pgn, /Elo|RatingDiff/);
  });

  it('with clocks, each move carries [%clk h:mm:ss], seconds rounded down', () => {
    const pgn = makePgn(foolsMate(), meta, { clocks: true });
    const movetext = pgn.split('\n\n')[1];
    assert.equal(
      movetext,
      '1. f3 { [%clk 0:03:00] } e5 { [%clk 0:03:00] } 2. g4 { [%clk 0:02:52] } Qh4#\n{ [%clk 0:02:58] } 0-1\n',
    );
    const back = readBack(pgn);
    assert.deepEqual(back.sans, ['f3', 'e5', 'g4', 'Qh4#']);
    assert.deepEqual(back.clocks, [180, 180, 172, 178]);
    assert.equal(back.headers.get('Result'), '0-1');
  });

  it('a long game is wrapped at 80 columns and reads back to the same moves and position', () => {
    const random = (() => {
      let state = 12_345;
      return () => {
        state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
        return state / 2_147_483_648;
      };
    })();
    let game = applyEvent(newGame(config()), { type: 'start', at: START });
    assert.ok(game.ok);
    let current = game.value;
    let at = START;
    while (current.status === 'playing' && current.moves.length < 160) {
      at += 1_000 + Math.floor(random() * 2_000);
      const event: ChessEvent = {
        type: 'move',
        at,
        by: current.turn,
        uci: chooseBotMove(current, 'random', random),
      };
      game = applyEvent(current, event);
      assert.ok(game.ok);
      current = game.value;
    }
    for (const clocks of [false, true]) {
      const pgn = makePgn(current, meta, { clocks });
      for (const line of pgn.split('\n')) assert.ok(line.length <= 80, `"${line}" is longer than 80`);
      assert.ok(pgn.endsWith(`${current.result ?? '*'}\n`));
      const back = readBack(pgn);
      assert.deepEqual(
        back.sans,
        current.moves.map((m) => m.san),
      );
      assert.equal(back.fen, current.fen);
      assert.equal(back.headers.get('Result'), current.result ?? '*');
    }
  });

  it('a game from a FEN with black to move has SetUp and FEN tags and starts with "1..."', () => {
    const fen = 'r3k2r/8/8/8/8/8/8/R3K2R b KQkq - 0 1';
    const game = replay(config(fen), [
      { type: 'start', at: START },
      { type: 'move', at: START + 1_000, by: 'black', uci: 'e8g8' },
      { type: 'move', at: START + 2_000, by: 'white', uci: 'e1c1' },
    ]);
    const pgn = makePgn(game, meta, { clocks: false });
    assert.match(pgn, /\[SetUp "1"\]\n\[FEN "r3k2r\/8\/8\/8\/8\/8\/8\/R3K2R b KQkq - 0 1"\]/);
    assert.match(pgn, /\[Result "\*"\]/);
    assert.match(pgn, /\[Termination "Unterminated"\]/);
    assert.ok(pgn.endsWith('\n\n1... O-O 2. O-O-O *\n'));
    const back = readBack(pgn);
    assert.deepEqual(back.sans, ['O-O', 'O-O-O']);
    assert.equal(back.fen, game.fen);
  });

  const terminations: [ChessEvent, string][] = [
    [{ type: 'resign', at: START + 9_000, by: 'white' }, 'Normal'],
    [{ type: 'flag', at: START + 500_000 }, 'Time forfeit'],
    [{ type: 'victory:claim', at: START + 9_000, by: 'white' }, 'Abandoned'],
    [{ type: 'abandon', at: START + 9_000 }, 'Abandoned'],
  ];
  for (const [event, tag] of terminations) {
    it(`a game ended by ${event.type} has Termination "${tag}"`, () => {
      const game = replay(config(), [
        { type: 'start', at: START },
        { type: 'move', at: START + 1_000, by: 'white', uci: 'e2e4' },
        { type: 'move', at: START + 2_000, by: 'black', uci: 'e7e5' },
        event,
      ]);
      assert.match(makePgn(game, meta, { clocks: false }), new RegExp(`\\[Termination "${tag}"\\]`));
    });
  }

  it('a game aborted before it started has an unknown date and no moves', () => {
    const game = replay(config(), [{ type: 'abort', at: START, by: 'white' }]);
    const pgn = makePgn(game, meta, { clocks: true });
    assert.match(pgn, /\[Date "\?\?\?\?\.\?\?\.\?\?"\]/);
    assert.match(pgn, /\[UTCTime "\?\?:\?\?:\?\?"\]/);
    assert.match(pgn, /\[Termination "Unterminated"\]/);
    assert.ok(pgn.endsWith('"]\n\n*\n'));
  });

  it('quotes and backslashes in names are escaped and read back', () => {
    const pgn = makePgn(foolsMate(), { ...meta, white: 'a"b\\c' }, { clocks: false });
    assert.match(pgn, /\[White "a\\"b\\\\c"\]/);
    assert.equal(readBack(pgn).headers.get('White'), 'a"b\\c');
  });
});
