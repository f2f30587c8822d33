import assert from 'node:assert/strict';
import { type ChessEvent, type Color, opposite } from '../../../schema/chess.ts';
import { chooseBotMove } from './bot.ts';
import { applyEvent, type ChessGame, dueEvent, type GameConfig, newGame, replay } from './game.ts';
import type { TimeControl } from './time-control.ts';

/** xorshift32: a tiny seeded source, so every run plays the same games. */
function seeded(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

const TIME_CONTROLS: TimeControl[] = [
  { initialMs: 15_000, incrementMs: 0, label: '0.25+0' },
  { initialMs: 60_000, incrementMs: 1_000, label: '1+1' },
  { initialMs: 180_000, incrementMs: 2_000, label: '3+2' },
];

interface Played {
  config: GameConfig;
  log: ChessEvent[];
  /** `states[i]` is the game after `log.slice(0, i)`. */
  states: ChessGame[];
}

/**
 * A live game as a room would drive it: due events first, then moves by both sides (random or
 * greedy), draw offers, answers, claims, outages, and events that must be refused.
 */
function playRandomGame(seed: number): Played {
  const random = seeded(seed);
  const color = (): Color => (random() < 0.5 ? 'white' : 'black');
  /** Mostly the side an offer is meant for, sometimes the wrong one. */
  const answerer = (): Color => (game.drawOffer && random() < 0.8 ? opposite(game.drawOffer) : color());
  // Every other game is an arena's that allows berserk.
  const config: GameConfig = {
    timeControl: TIME_CONTROLS[seed % TIME_CONTROLS.length]!,
    firstMoveMs: 30_000,
    ...(seed % 2 === 1 ? { berserk: true } : {}),
  };
  let game = newGame(config);
  const log: ChessEvent[] = [];
  const states = [game];
  const accept = (event: ChessEvent): void => {
    const result = applyEvent(game, event);
    if (!result.ok) assert.fail(`seed ${seed}: ${event.type} refused: ${result.message}`);
    game = result.value;
    log.push(event);
    states.push(game);
  };
  /** Applies the event if the rules take it; a refusal must leave the game as it was. */
  const attempt = (event: ChessEvent): void => {
    const before = structuredClone(game);
    const result = applyEvent(game, event);
    if (result.ok) {
      game = result.value;
      log.push(event);
      states.push(game);
    } else {
      assert.deepStrictEqual(game, before);
    }
  };

  let now = 1_000_000 + Math.floor(random() * 1_000);
  accept({ type: 'start', at: now });
  for (let step = 0; step < 700 && game.status !== 'ended'; step++) {
    now += Math.floor(random() * (random() < 0.02 ? 40_000 : 3_000));
    const due = dueEvent(game, now);
    if (due) {
      accept(due);
      break;
    }
    // The side to move asks to go berserk early on: taken before its first move, refused after.
    if (step === 1 || step === 2) attempt({ type: 'berserk', at: now, by: game.turn });
    const roll = random();
    if (roll < 0.04) attempt({ type: 'draw:offer', at: now, by: color() });
    else if (roll < 0.06) attempt({ type: 'draw:decline', at: now, by: answerer() });
    else if (roll < 0.064) attempt({ type: 'draw:accept', at: now, by: answerer() });
    else if (roll < 0.08) {
      const since = now;
      now += Math.floor(random() * 120_000);
      accept({ type: 'resume', since, at: now });
    } else if (roll < 0.1) {
      attempt({ type: 'move', at: now, by: opposite(game.turn), uci: 'e2e4' });
      attempt({ type: 'move', at: now, by: game.turn, uci: 'a1a1' });
      attempt({ type: 'move', at: now - 1, by: game.turn, uci: chooseBotMove(game, 'random', random) });
    } else if (roll < 0.12) {
      if (game.claimableDraw) attempt({ type: 'draw:claim', at: now, by: game.turn });
    } else if (roll < 0.1215) attempt({ type: 'resign', at: now, by: color() });
    else {
      const uci = chooseBotMove(game, random() < 0.3 ? 'greedy' : 'random', random);
      accept({ type: 'move', at: now, by: game.turn, uci });
    }
  }
  return { config, log, states };
}

describe('chess rules: replay', () => {
  const SEEDS = Array.from({ length: 24 }, (_, i) => 7_919 * (i + 1));

  for (const seed of SEEDS) {
    it(`replaying the log of random game ${seed} rebuilds every state exactly`, () => {
      const { config, log, states } = playRandomGame(seed);
      const final = states.at(-1)!;
      assert.equal(final.eventCount, log.length);
      assert.deepStrictEqual(replay(structuredClone(config), log), final);
      for (let i = 0; i < states.length; i += Math.max(1, Math.floor(states.length / 7))) {
        assert.deepStrictEqual(replay(config, log.slice(0, i)), states[i], `after ${i} events`);
      }
      for (const state of states) {
        assert.ok(state.clock.white >= 0 && state.clock.black >= 0, 'clocks never go below zero');
      }
    });
  }

  it('the random games cover the endings and events they are meant to', () => {
    const games = SEEDS.map(playRandomGame);
    const types = new Set(games.flatMap((g) => g.log.map((e) => e.type)));
    for (const type of [
      'start',
      'move',
      'draw:offer',
      'draw:decline',
      'draw:accept',
      'resume',
      'flag',
      'berserk',
    ] as const) {
      assert.ok(types.has(type), `some game has a ${type}`);
    }
    const endings = new Set(games.map((g) => g.states.at(-1)!.termination));
    for (const termination of ['checkmate', 'timeout', 'agreement', 'resignation'] as const) {
      assert.ok(endings.has(termination), `some game ends by ${termination}`);
    }
    assert.ok(
      games.some((g) => g.log.length > 150),
      'some game is long',
    );
  });

  it('a log that does not apply makes replay throw', () => {
    const config: GameConfig = { timeControl: TIME_CONTROLS[2]!, firstMoveMs: 30_000 };
    assert.throws(
      () =>
        replay(config, [
          { type: 'start', at: 0 },
          { type: 'move', at: 1, by: 'white', uci: 'e2e5' },
        ]),
      /event 1 \(move\) refused: ILLEGAL_MOVE/,
    );
  });
});
