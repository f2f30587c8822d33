import assert from 'node:assert/strict';
import type { ChessEvent } from '../../../schema/chess.ts';
import { config, must, refused, started } from '../../../test/support/chess-rules.ts';
import { type ChessGame, clocksAt, type GameConfig, incrementOf, newGame, replay } from './game.ts';
import { resultsOf } from './record.ts';
import type { TimeControl } from './time-control.ts';

/** A 3+2 game of an arena that allows berserk, started at t = 1 s. */
const arena = (timeControl?: TimeControl): GameConfig => ({
  ...config(),
  ...(timeControl ? { timeControl } : {}),
  berserk: true,
});
const startedArena = (timeControl?: TimeControl): ChessGame =>
  must(newGame(arena(timeControl)), { type: 'start', at: 1_000 });

/** Applies each event in order; each must be accepted. */
const apply = (game: ChessGame, events: readonly ChessEvent[]): ChessGame => events.reduce(must, game);

describe('chess rules: berserk', () => {
  it('halves the initial time of the side that goes berserk and takes its increment; the other side keeps both', () => {
    const game = must(startedArena(), { type: 'berserk', at: 2_000, by: 'white' });
    assert.deepEqual(game.berserk, { white: true, black: false });
    assert.deepEqual(game.clock, { white: 90_000, black: 180_000, running: null, since: 1_000 });
    assert.equal(incrementOf(game, 'white'), 0);
    assert.equal(incrementOf(game, 'black'), 2_000);

    const played = apply(game, [
      { type: 'move', at: 5_000, by: 'white', uci: 'e2e4' },
      { type: 'move', at: 8_000, by: 'black', uci: 'e7e5' },
      { type: 'move', at: 18_000, by: 'white', uci: 'g1f3' }, // 10 s thought, no increment
      { type: 'move', at: 21_000, by: 'black', uci: 'b8c6' }, // 3 s thought, + 2 s
    ]);
    assert.deepEqual(
      played.moves.map((m) => m.clockMs),
      [90_000, 180_000, 80_000, 179_000],
    );
    assert.deepEqual(clocksAt(played, 31_000), { white: 70_000, black: 179_000 });
  });

  it('black may go berserk after white has moved, before its own first move; both may', () => {
    const game = apply(startedArena(), [
      { type: 'berserk', at: 2_000, by: 'white' },
      { type: 'move', at: 5_000, by: 'white', uci: 'e2e4' },
      { type: 'berserk', at: 6_000, by: 'black' },
    ]);
    assert.deepEqual(game.berserk, { white: true, black: true });
    assert.deepEqual(clocksAt(game, 7_000), { white: 90_000, black: 90_000 });
  });

  it('takes only the increment when the initial time is under 40 increments, as Lichess plays 1+2', () => {
    const game = must(startedArena({ initialMs: 60_000, incrementMs: 2_000, label: '1+2' }), {
      type: 'berserk',
      at: 2_000,
      by: 'black',
    });
    assert.deepEqual(clocksAt(game, 2_000), { white: 60_000, black: 60_000 });
    assert.equal(incrementOf(game, 'black'), 0);
    // A quarter-minute bullet game without increment halves to 7.5 s.
    const bullet = must(startedArena({ initialMs: 15_000, incrementMs: 0, label: '0.25+0' }), {
      type: 'berserk',
      at: 2_000,
      by: 'white',
    });
    assert.equal(bullet.clock.white, 7_500);
  });

  it('is refused in a game that does not allow it, twice, after one’s own first move, before the start and after the end', () => {
    const plain = started();
    refused(plain, { type: 'berserk', at: 2_000, by: 'white' }, 'BERSERK_NOT_ALLOWED');

    const game = startedArena();
    const once = must(game, { type: 'berserk', at: 2_000, by: 'white' });
    refused(once, { type: 'berserk', at: 3_000, by: 'white' }, 'ALREADY_BERSERK');

    const moved = apply(game, [
      { type: 'move', at: 5_000, by: 'white', uci: 'e2e4' },
      { type: 'move', at: 8_000, by: 'black', uci: 'e7e5' },
    ]);
    refused(moved, { type: 'berserk', at: 9_000, by: 'white' }, 'BERSERK_TOO_LATE');
    refused(moved, { type: 'berserk', at: 9_000, by: 'black' }, 'BERSERK_TOO_LATE');

    refused(newGame(arena()), { type: 'berserk', at: 500, by: 'white' }, 'GAME_NOT_STARTED');
    const resigned = must(game, { type: 'resign', at: 3_000, by: 'black' });
    refused(resigned, { type: 'berserk', at: 4_000, by: 'white' }, 'GAME_OVER');
  });

  it('a game rebuilt from its log has the same clocks, berserk and result as the one played', () => {
    const log: ChessEvent[] = [
      { type: 'start', at: 1_000 },
      { type: 'berserk', at: 1_500, by: 'black' },
      { type: 'move', at: 4_000, by: 'white', uci: 'f2f3' },
      { type: 'move', at: 6_000, by: 'black', uci: 'e7e5' },
      { type: 'resume', at: 60_000, since: 10_000 },
      { type: 'move', at: 62_000, by: 'white', uci: 'g2g4' },
      { type: 'move', at: 65_000, by: 'black', uci: 'd8h4' },
    ];
    let live = newGame(arena());
    for (const event of log) live = must(live, event);
    const rebuilt = replay(arena(), log);
    assert.deepStrictEqual(rebuilt, live);
    assert.equal(rebuilt.result, '0-1');
    assert.deepEqual(rebuilt.berserk, { white: false, black: true });
    // White paid the 4 s before the outage, then 2 s, and gained 2; black paid 3 s and gained nothing.
    assert.deepEqual(
      rebuilt.moves.map((m) => m.clockMs),
      [180_000, 90_000, 176_000, 87_000],
    );
    // What the arena's scoring reads: each side's moves and berserk.
    assert.deepEqual(resultsOf(rebuilt), [
      { seat: 0, score: 0, placing: 2, moves: 2, berserk: false },
      { seat: 1, score: 1, placing: 1, moves: 2, berserk: true },
    ]);
    // A game that allows no berserk reports only its scores, as it always did.
    const plain = replay(
      config(),
      log.filter((e) => e.type !== 'berserk'),
    );
    assert.deepEqual(resultsOf(plain), [
      { seat: 0, score: 0, placing: 2 },
      { seat: 1, score: 1, placing: 1 },
    ]);
  });
});
