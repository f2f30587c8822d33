import { strict as assert } from 'node:assert';
import { describe, it } from 'mocha';
import type { GolfOptions } from '../../../schema/golf.ts';
import type { Command } from '../../match/game-module.ts';
import { seededRandom } from '../../rules/random.ts';
import { computerChoice } from './bot.ts';
import { applyGolf, createGolf, type Golf } from './game.ts';
import { golfModule } from './module.ts';
import { DEFAULTS } from './options.ts';
import { PERSONALITIES, PERSONALITY_NAMES, type PersonalityName } from './personalities.ts';
import { scoreColumn, value } from './scoring.ts';
import { type GolfView, golfView } from './view.ts';

/**
 * A blunder, precisely: a move that puts a gem (a card worth less than 0 under the table's rules)
 * on the discard pile although the player could have kept it for a better hand —
 *  1. discarding a gem drawn from the deck while its grid has a face-down card (any face-down card
 *     is worth more than a gem on average), or a face-up position where the gem would make that
 *     column score less; or
 *  2. swapping a card over a face-up gem when that column then scores more than before (a
 *     face-down partner counted the same either way).
 * The check is written here from that definition, apart from the players' own code.
 */
function blunder(view: GolfView, seat: number, command: Command): string | null {
  const grid = view.grids[seat]!;
  const rules = view.rules;
  const gem = (card: string | null) => card !== null && value(card, rules) < 0;
  const column = (g: ReadonlyArray<string | null>, c: number) => {
    const [top, bottom] = [g[c] ?? null, g[c + 3] ?? null];
    if (top !== null && bottom !== null) return scoreColumn(top, bottom, rules);
    return (top === null ? 0 : value(top, rules)) + (bottom === null ? 0 : value(bottom, rules));
  };
  const held = view.drawn;
  if (command.type === 'discard' && gem(held)) {
    if (grid.includes(null)) return `discarded ${held} with a face-down card to replace`;
    for (let i = 0; i < 6; i++) {
      const after = grid.map((c, j) => (j === i ? held : c));
      if (column(after, i % 3) < column(grid, i % 3)) return `discarded ${held}, better at ${i}`;
    }
  }
  if (command.type === 'swap' && held !== null) {
    const i = (command.payload as { index: number }).index;
    const after = grid.map((c, j) => (j === i ? held : c));
    if (gem(grid[i] ?? null) && column(after, i % 3) > column(grid, i % 3))
      return `swapped ${held} over ${grid[i]} at ${i}`;
  }
  return null;
}

/** The tables the simulation plays at, in turn: plain, jokers, the flip and knock rules, negative cards. */
const TABLES: Array<Partial<GolfOptions>> = [
  {},
  { jokers: true },
  { jokers: true, flipMode: 'endgame', flipAsAction: true, knockEarly: true },
  { jokers: true, luckySwing: true, superKings: true, negativePairsKeepValue: true, flipMode: 'always' },
];

interface Figures {
  holes: number;
  points: number;
  squares: number;
  wentOut: number;
  /** Cards turned up by choice: flip as an action, or a discard's optional flip. */
  flips: number;
  /** The player's own turns in the holes it went out of, counted to the turn it went out. */
  turnsToOut: number;
  turns: number;
  swaps: number;
  pairSwaps: number;
  takes: number;
  blunders: string[];
  /** Holes it started behind (or ahead of) the best other total, and went out of. */
  behind: [number, number];
  ahead: [number, number];
}

const GAMES = Number(process.env.GOLF_SIM_GAMES ?? 1_000);

/** Plays `GAMES` games with `name` in seat 0 and steady players in the others. */
function simulate(name: PersonalityName, index: number): Figures {
  const f: Figures = {
    holes: 0,
    points: 0,
    squares: 0,
    wentOut: 0,
    turnsToOut: 0,
    turns: 0,
    swaps: 0,
    pairSwaps: 0,
    takes: 0,
    flips: 0,
    blunders: [],
    behind: [0, 0],
    ahead: [0, 0],
  };
  for (let g = 0; g < GAMES; g++) {
    const seed = (index + 1) * 100_003 + g;
    const random = seededRandom(seed ^ 0x5bd1e995);
    const options = { ...DEFAULTS, players: 2 + (g % 3), holes: 2, ...TABLES[g % TABLES.length] };
    let game = must(applyGolf(createGolf(options), { type: 'start', at: 0, seed }));
    let at = 0;
    let ownTurns = 0;
    let hole = 0;
    let wasBehind = false;
    while (game.status === 'playing') {
      const seat = game.turn;
      const view = golfView(game, seat);
      const who = seat === 0 ? PERSONALITIES[name] : PERSONALITIES['steady-player'];
      const command = computerChoice(view, seat, who, random);
      assert.ok(command, 'a computer player moves on its turn');
      const wrong = blunder(view, seat, command);
      if (wrong) f.blunders.push(`${seat === 0 ? name : 'steady-player'}: ${wrong}`);
      if (seat === 0) {
        if (view.phase === 'choose') ownTurns += 1;
        if (command.type === 'take') f.takes += 1;
        if (
          command.type === 'flip' ||
          (command.type === 'discard' && view.discardFlip === 'may' && command.payload)
        )
          f.flips += 1;
        if (command.type === 'swap') {
          f.swaps += 1;
          const i = (command.payload as { index: number }).index;
          const partner = view.grids[0]![(i + 3) % 6];
          if (partner && view.drawn && partner.slice(1) === view.drawn.slice(1)) f.pairSwaps += 1;
        }
      }
      assert.ok(at < 5_000, `game ${g} of ${name} ends`);
      const events = golfModule.command(game, seat, command, ++at);
      assert.ok(events.ok, `${JSON.stringify(command)} is legal`);
      const before = game;
      game = events.value.reduce((next, e) => must(applyGolf(next, e)), game);
      if (before.finisher === null && game.finisher === 0) f.turnsToOut += ownTurns;
      if (game.played.length > hole) {
        const played = game.played[hole]!;
        const score = played.scores[0]!;
        f.holes += 1;
        f.points += score;
        f.squares += score * score;
        f.turns += ownTurns;
        if (played.finisher === 0) f.wentOut += 1;
        if (hole > 0) {
          const bucket = wasBehind ? f.behind : f.ahead;
          bucket[0] += 1;
          bucket[1] += played.finisher === 0 ? 1 : 0;
        }
        hole = game.played.length;
        ownTurns = 0;
        wasBehind = game.totals[0]! > Math.min(...game.totals.slice(1));
      }
    }
  }
  return f;
}

function must(checked: ReturnType<typeof applyGolf>): Golf {
  if (!checked.ok) throw new Error(`${checked.refusal.code}: ${checked.refusal.message}`);
  return checked.value;
}

describe('golf computer players: eight personalities over 1,000 games each', function () {
  this.timeout(120_000);
  const results = new Map<PersonalityName, Figures>();

  before(() => {
    for (const [i, name] of PERSONALITY_NAMES.entries()) results.set(name, simulate(name, i));
    const rows = PERSONALITY_NAMES.map((name) => {
      const f = results.get(name)!;
      const mean = f.points / f.holes;
      return {
        personality: name,
        'mean hole': mean.toFixed(2),
        'sd hole': Math.sqrt(f.squares / f.holes - mean * mean).toFixed(2),
        'goes out': `${((100 * f.wentOut) / f.holes).toFixed(1)}%`,
        'turns to out': (f.turnsToOut / Math.max(1, f.wentOut)).toFixed(2),
        'pair swaps': `${((100 * f.pairSwaps) / f.swaps).toFixed(1)}%`,
        'takes/turn': (f.takes / f.turns).toFixed(3),
        'flips/turn': (f.flips / f.turns).toFixed(3),
        'out behind/ahead': `${((100 * f.behind[1]) / f.behind[0]).toFixed(0)}%/${((100 * f.ahead[1]) / f.ahead[0]).toFixed(0)}%`,
        blunders: f.blunders.length,
      };
    });
    console.table(rows);
  });

  const get = (name: PersonalityName) => results.get(name)!;
  const outRate = (name: PersonalityName) => get(name).wentOut / get(name).holes;
  const pairRate = (name: PersonalityName) => get(name).pairSwaps / get(name).swaps;
  const takeRate = (name: PersonalityName) => get(name).takes / get(name).turns;
  const flipRate = (name: PersonalityName) => get(name).flips / get(name).turns;
  const turnsToOut = (name: PersonalityName) => get(name).turnsToOut / get(name).wentOut;
  const sd = (name: PersonalityName) => {
    const f = get(name);
    return Math.sqrt(f.squares / f.holes - (f.points / f.holes) ** 2);
  };

  it('no computer player ever throws away a gem it could have kept for a better hand', () => {
    for (const name of PERSONALITY_NAMES) {
      assert.equal(get(name).holes, GAMES * 2, `${name} played every hole`);
      assert.deepEqual(get(name).blunders.slice(0, 5), [], name);
    }
  });

  it('the closers go out more often than the steady player, who goes out more than the patient calculator', () => {
    assert.ok(outRate('aggressive-closer') > outRate('steady-player'));
    assert.ok(outRate('steady-player') > outRate('patient-calculator'));
    assert.ok(outRate('sneaky-finisher') > outRate('patient-calculator'));
    assert.ok(turnsToOut('aggressive-closer') < turnsToOut('patient-calculator'));
  });

  it('the pair hunter completes pairs with more of its swaps than the steady player', () => {
    assert.ok(pairRate('pair-hunter') > pairRate('steady-player'));
    assert.ok(pairRate('pair-hunter') > pairRate('patient-calculator'));
  });

  it('low bars take the discard more often; flippers flip; the gambler scatters its scores', () => {
    assert.ok(takeRate('aggressive-closer') > takeRate('patient-calculator'));
    assert.ok(flipRate('aggressive-closer') > flipRate('steady-player'));
    assert.equal(flipRate('steady-player'), 0, 'a flip rate of 0 never flips by choice');
    assert.ok(sd('chaotic-gambler') > sd('steady-player'));
    assert.ok(
      get('chaotic-gambler').points / get('chaotic-gambler').holes >
        get('steady-player').points / get('steady-player').holes,
    );
  });

  it('the adaptive strategist goes out more often when behind than when ahead', () => {
    const a = get('adaptive-strategist');
    assert.ok(a.behind[1] / a.behind[0] > a.ahead[1] / a.ahead[0]);
  });
});
