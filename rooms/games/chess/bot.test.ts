import assert from 'node:assert/strict';
import { Chess } from 'chessops/chess';
import { parseFen } from 'chessops/fen';
import type { BotLevel } from '../../../schema/chess.ts';
import { chooseBotMove } from './bot.ts';
import { applyEvent, type ChessGame, type GameConfig, newGame, replay } from './game.ts';

const config = (initialFen?: string): GameConfig => ({
  timeControl: { initialMs: 600_000, incrementMs: 0, label: '10+0' },
  firstMoveMs: 30_000,
  ...(initialFen === undefined ? {} : { initialFen }),
});
const started = (fen?: string) => replay(config(fen), [{ type: 'start', at: 0 }]);

/** A linear congruential source (glibc's constants): enough for repeatable tests. */
function seeded(seed: number): () => number {
  let state = seed % 2_147_483_648;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const sanOf = (game: ChessGame, uci: string): string => {
  const result = applyEvent(game, { type: 'move', at: 1_000, by: game.turn, uci });
  assert.ok(result.ok, `${uci} is legal`);
  return result.value.moves.at(-1)!.san;
};

describe('bot', () => {
  const greedy: { name: string; fen: string; expected: string }[] = [
    { name: 'takes a hanging queen', fen: 'k7/8/8/3q4/8/4N3/8/K7 w - - 0 1', expected: 'e3d5' },
    // Qxh5 wins a queen, but Rd8 mates: a mate comes first
    {
      name: 'mates in one rather than winning a queen',
      fen: '6k1/5ppp/8/7q/8/6N1/5PPP/3R2K1 w - - 0 1',
      expected: 'd1d8',
    },
    // the rook is defended by a pawn: taking with the queen would lose her
    {
      name: 'takes a defended rook with the pawn, not the queen',
      fen: 'k7/8/8/1p6/2r5/1P6/8/K4Q2 w - - 0 1',
      expected: 'b3c4',
    },
    // Qxb7 wins a pawn, and the rook on b8 takes the queen back
    {
      name: 'does not give its queen for a defended pawn',
      fen: '1r5k/1p6/8/8/8/8/8/1Q5K w - - 0 1',
      expected: 'not b1b7',
    },
    { name: 'promotes to a queen', fen: '7k/P7/8/8/8/8/8/K7 w - - 0 1', expected: 'a7a8q' },
  ];
  for (const c of greedy) {
    it(`greedy ${c.name}`, () => {
      for (let seed = 1; seed <= 20; seed++) {
        const uci = chooseBotMove(started(c.fen), 'greedy', seeded(seed));
        if (c.expected.startsWith('not ')) assert.notEqual(uci, c.expected.slice(4));
        else assert.equal(uci, c.expected);
      }
    });
  }

  it("greedy mates in one: black's Qh4# after 1. f3 e5 2. g4 (fool's mate)", () => {
    const game = replay(config(), [
      { type: 'start', at: 0 },
      { type: 'move', at: 1, by: 'white', uci: 'f2f3' },
      { type: 'move', at: 2, by: 'black', uci: 'e7e5' },
      { type: 'move', at: 3, by: 'white', uci: 'g2g4' },
    ]);
    const uci = chooseBotMove(game, 'greedy', seeded(7));
    assert.equal(uci, 'd8h4');
    assert.equal(sanOf(game, uci), 'Qh4#');
  });

  it('castles in standard UCI', () => {
    const game = started('4k3/8/8/8/8/8/3PPP2/R3K2R w KQ - 0 1');
    const seen = new Set<string>();
    for (let seed = 1; seed <= 400; seed++) seen.add(chooseBotMove(game, 'random', seeded(seed)));
    assert.ok(seen.has('e1g1') && seen.has('e1c1'), [...seen].join(' '));
    assert.ok(!seen.has('e1h1') && !seen.has('e1a1'));
  });

  for (const level of ['random', 'greedy'] as BotLevel[]) {
    it(`${level}: only legal moves over many random games, and the same seed gives the same move`, () => {
      for (let seed = 1; seed <= 12; seed++) {
        const random = seeded(seed * 7_919);
        let game = started();
        let at = 0;
        while (game.status === 'playing' && game.moves.length < 200) {
          const uci = chooseBotMove(game, level, random);
          const state = random() * 2_147_483_648;
          assert.equal(chooseBotMove(game, level, seeded(state)), chooseBotMove(game, level, seeded(state)));
          at += 10;
          const next = applyEvent(game, { type: 'move', at, by: game.turn, uci });
          assert.ok(next.ok, `${uci} is legal in ${game.fen}`);
          game = next.value;
        }
      }
    });
  }

  it('random is uniform over the legal moves', () => {
    const game = started();
    const counts = new Map<string, number>();
    const random = seeded(99);
    for (let i = 0; i < 20_000; i++) {
      const uci = chooseBotMove(game, 'random', random);
      counts.set(uci, (counts.get(uci) ?? 0) + 1);
    }
    assert.equal(counts.size, 20);
    for (const count of counts.values()) assert.ok(count > 800 && count < 1_200, `${count} of 20000`);
  });

  it('throws when the game is not being played or has no legal move', () => {
    assert.throws(() => chooseBotMove(newGame(config()), 'random', Math.random), /not being played/);
    const mated = replay(config(), [
      { type: 'start', at: 0 },
      { type: 'move', at: 1, by: 'white', uci: 'f2f3' },
      { type: 'move', at: 2, by: 'black', uci: 'e7e5' },
      { type: 'move', at: 3, by: 'white', uci: 'g2g4' },
      { type: 'move', at: 4, by: 'black', uci: 'd8h4' },
    ]);
    assert.throws(() => chooseBotMove(mated, 'greedy', Math.random), /not being played/);
    assert.ok(Chess.fromSetup(parseFen(mated.fen).unwrap()).unwrap().isCheckmate());
  });
});
