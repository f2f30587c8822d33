import { strict as assert } from 'node:assert';
import { describe, it } from 'mocha';
import type { MatchEvent } from '../../../server/services/ports.ts';
import { applyGolf, createGolf, type Golf, type GolfOptions } from './game.ts';
import { golfModule } from './module.ts';
import { DEFAULTS } from './options.ts';
import { scoreHole } from './scoring.ts';
import { golfView } from './view.ts';

const options = (o: Partial<GolfOptions> = {}): GolfOptions => ({ ...DEFAULTS, turnMs: 1_000, ...o });

function apply(game: Golf, event: MatchEvent): Golf {
  const next = applyGolf(game, event);
  if (!next.ok) throw new Error(`${event.type}: ${next.refusal.code} ${next.refusal.message}`);
  return next.value;
}

function refused(game: Golf, event: MatchEvent): string {
  const next = applyGolf(game, event);
  assert.equal(next.ok, false, `${JSON.stringify(event)} should be refused`);
  return next.ok ? '' : next.refusal.message;
}

const started = (o: Partial<GolfOptions> = {}, seed = 11) =>
  apply(createGolf(options(o)), { type: 'start', at: 0, seed });

/** Seat `seat`'s grid with only `upAt` face up. */
const withUp = (game: Golf, seat: number, upAt: number[]): Golf => ({
  ...game,
  up: game.up.map((u, s) => (s === seat ? u.map((_, i) => upAt.includes(i)) : u)),
});

describe('golf house rules: moves', () => {
  it('initialFlips turns up none, one (position 0) or two (positions 0 and 4) at each deal', () => {
    assert.deepEqual(started({ initialFlips: 0 }).up[0], [false, false, false, false, false, false]);
    assert.deepEqual(started({ initialFlips: 1 }).up[1], [true, false, false, false, false, false]);
    assert.deepEqual(started({ initialFlips: 2 }).up[0], [true, false, false, false, true, false]);
  });

  it('flipMode never: a discard turns nothing up', () => {
    const game = apply(started(), { type: 'draw', at: 1, seat: 0 });
    assert.equal(golfView(game, 0).discardFlip, 'no');
    assert.match(refused(game, { type: 'discard', at: 1, seat: 0, flip: 1 }), /no card may be turned/);
    assert.deepEqual(apply(game, { type: 'discard', at: 1, seat: 0 }).up[0], game.up[0]);
  });

  it('flipMode always: a discard must turn up a face-down card of the player’s choice', () => {
    const game = apply(started({ flipMode: 'always' }), { type: 'draw', at: 1, seat: 0 });
    assert.equal(golfView(game, 0).discardFlip, 'must');
    assert.match(refused(game, { type: 'discard', at: 1, seat: 0 }), /turns up a card with each discard/);
    assert.match(refused(game, { type: 'discard', at: 1, seat: 0, flip: 4 }), /face-down/);
    const next = apply(game, { type: 'discard', at: 1, seat: 0, flip: 2 });
    assert.deepEqual(next.up[0], [true, false, true, false, true, false]);
    assert.equal(next.turn, 1);
    // The timer's discard turns up the first face-down card.
    const timedOut = apply(next, golfModule.due(next, 5_000)!);
    assert.deepEqual(timedOut.up[1], [true, true, false, false, true, false]);
  });

  it('flipMode endgame: a discard may turn a card up once a seat has one face down or fewer', () => {
    const early = apply(started({ flipMode: 'endgame' }), { type: 'draw', at: 1, seat: 0 });
    assert.equal(golfView(early, 0).discardFlip, 'no');
    assert.match(refused(early, { type: 'discard', at: 1, seat: 0, flip: 1 }), /no card may be turned/);
    const late = withUp(early, 1, [0, 1, 2, 3, 4]);
    assert.equal(golfView(late, 0).discardFlip, 'may');
    assert.equal(golfView(late, 0).endgame, true);
    assert.deepEqual(apply(late, { type: 'discard', at: 1, seat: 0 }).up[0], late.up[0], 'or not');
    assert.equal(apply(late, { type: 'discard', at: 1, seat: 0, flip: 5 }).up[0]![5], true);
  });

  it('flipAsAction: a turn spent turning up a face-down card instead of drawing', () => {
    assert.match(refused(started(), { type: 'flip', at: 1, seat: 0, index: 1 }), /flip as an action/);
    const game = started({ flipAsAction: true });
    assert.match(refused(game, { type: 'flip', at: 1, seat: 0, index: 0 }), /face-down/);
    const next = apply(game, { type: 'flip', at: 1, seat: 0, index: 1 });
    assert.deepEqual(next.up[0], [true, true, false, false, true, false]);
    assert.equal(next.turn, 1);
    assert.deepEqual(next.stock, game.stock, 'nothing drawn');
    assert.deepEqual(next.discard, game.discard);
    const holding = apply(next, { type: 'draw', at: 2, seat: 1 });
    assert.match(refused(holding, { type: 'flip', at: 2, seat: 1, index: 1 }), /you hold a card/);
    // Turning up the last card goes out.
    const last = apply(withUp(game, 0, [0, 1, 2, 3, 4]), { type: 'flip', at: 1, seat: 0, index: 5 });
    assert.equal(last.finisher, 0);
  });

  it('knockEarly: with one or two cards face down, turn them all up and go out', () => {
    const two = withUp(started({ players: 3 }), 0, [0, 1, 2, 4]);
    assert.match(refused(two, { type: 'knock', at: 1, seat: 0 }), /knock early/);
    const game = withUp(started({ players: 3, knockEarly: true }), 0, [0, 1, 2, 4]);
    assert.match(refused(started({ knockEarly: true }), { type: 'knock', at: 1, seat: 0 }), /one or two/);
    const knocked = apply(game, { type: 'knock', at: 1, seat: 0 });
    assert.deepEqual(knocked.up[0], Array(6).fill(true));
    assert.equal(knocked.finisher, 0);
    assert.equal(knocked.turn, 1);
    const after = apply(withUp(knocked, 1, [0, 1, 2, 4]), { type: 'draw', at: 2, seat: 1 });
    assert.match(refused(after, { type: 'knock', at: 2, seat: 1 }), /you hold a card/);
    const seat1 = apply(after, { type: 'discard', at: 2, seat: 1 });
    const seat2 = withUp(seat1, 2, [0, 1, 2, 4]);
    assert.match(refused(seat2, { type: 'knock', at: 3, seat: 2 }), /gone out already/);
    const scored = apply(apply(seat2, { type: 'draw', at: 3, seat: 2 }), { type: 'discard', at: 3, seat: 2 });
    assert.equal(scored.played.length, 1, 'the hole is scored after the last turns');
    assert.equal(scored.played[0]!.finisher, 0);
  });
});

/**
 * A policy that uses every move the rules allow, so whole holes exercise them: knock when it may;
 * flip as an action on odd turns; else draw, swap into the first face-down position on even turns
 * and discard (turning up the last face-down card when the discard may or must) on odd ones.
 */
function policy(game: Golf, n: number): MatchEvent[] {
  const seat = game.turn;
  const at = n * 10;
  const down = game.up[seat]!.flatMap((u, i) => (u ? [] : [i]));
  if (game.options.knockEarly && game.finisher === null && down.length > 0 && down.length <= 2)
    return [{ type: 'knock', at, seat }];
  if (game.options.flipAsAction && n % 2 === 1 && down.length > 0)
    return [{ type: 'flip', at, seat, index: down[0]! }];
  const drawn = apply(game, { type: 'draw', at, seat });
  const flip = golfView(drawn, seat).discardFlip;
  if (n % 2 === 0 && down.length > 0)
    return [
      { type: 'draw', at, seat },
      { type: 'swap', at, seat, index: down[0]! },
    ];
  const discard: MatchEvent =
    flip === 'no' ? { type: 'discard', at, seat } : { type: 'discard', at, seat, flip: down.at(-1)! };
  return [{ type: 'draw', at, seat }, discard];
}

function playOut(o: Partial<GolfOptions>, seed: number): { game: Golf; log: MatchEvent[] } {
  const log: MatchEvent[] = [{ type: 'start', at: 0, seed }];
  let game = apply(createGolf(options(o)), log[0]!);
  for (let n = 1; game.status === 'playing'; n++) {
    for (const event of policy(game, n)) {
      game = apply(game, event);
      log.push(event);
    }
    assert.ok(n < 5_000, 'the game ends');
  }
  return { game, log };
}

/** Pinned from the seeded deals under each policy: a change of the rules or the shuffle shows here. */
describe('golf house rules: whole holes from fixed seeds', () => {
  const table: Array<[string, Partial<GolfOptions>, number, number[]]> = [
    [
      'flip always, knock early, knock penalty',
      { players: 3, holes: 3, flipMode: 'always', knockEarly: true, knockPenalty: true },
      3,
      [91, 107, 89],
    ],
    [
      'flip as an action, endgame flips, jokers with eagle eye',
      { players: 4, holes: 2, flipAsAction: true, flipMode: 'endgame', jokers: true, eagleEye: true },
      4,
      [74, 51, 55, 80],
    ],
    [
      'lucky swing, super kings, ten penny, one-eyed jacks',
      {
        players: 2,
        holes: 4,
        jokers: true,
        luckySwing: true,
        superKings: true,
        tenPenny: true,
        oneEyedJacks: true,
        initialFlips: 1,
      },
      5,
      [116, 97],
    ],
    [
      'every scoring bonus of a hole, six players',
      {
        players: 6,
        holes: 2,
        knockBonus: true,
        underdogBonus: true,
        tiedShame: true,
        blackjack: true,
        wolfpack: true,
        fourOfAKind: true,
        negativePairsKeepValue: true,
        initialFlips: 0,
      },
      6,
      [74, 35, 82, 67, 40, 31],
    ],
  ];
  for (const [why, o, seed, totals] of table)
    it(`${why} (seed ${seed}): totals ${totals.join(', ')}`, () => {
      const { game, log } = playOut(o, seed);
      assert.equal(game.status, 'ended');
      assert.equal(game.played.length, game.options.holes);
      for (const hole of game.played)
        assert.deepEqual(hole.scores, scoreHole(hole.grids, hole.finisher, game.options));
      assert.deepEqual(
        game.totals,
        game.totals.map((_, s) => game.played.reduce((t, h) => t + h.scores[s]!, 0)),
      );
      assert.deepEqual(game.totals, totals);
      assert.deepEqual(log.reduce(apply, createGolf(options(o))), game, 'the log replays to the same game');
    });
});
