import type { Command } from '../../match/game-module.ts';
import type { Personality } from './personalities.ts';
import { pairs, type ScoringRules, scoreColumn, value } from './scoring.ts';
import type { GolfView } from './view.ts';

/**
 * Golf's computer players: one decision procedure whose character is a `Personality`. A player
 * decides from its seat's `GolfView`, exactly what a person in that seat is sent, and draws its
 * whims from the random source it is given, so a seeded game plays the same every time.
 *
 * It never throws away a gem (a card worth less than nothing under the table's rules: a two, a
 * joker, a super king) that it could have kept for a better hand: a held gem is not discarded
 * while some position would take it and lower the hand, and a face-up gem is not swapped away
 * for a column that scores more.
 */

type Grid = ReadonlyArray<string | null>;

/** The hand's estimated score: the columns as known, each face-down card counted as `unknown`. */
export function estimate(grid: Grid, rules: ScoringRules, unknown: number): number {
  let total = 0;
  for (let c = 0; c < 3; c++) {
    const top = grid[c] ?? null;
    const bottom = grid[c + 3] ?? null;
    if (top !== null && bottom !== null) total += scoreColumn(top, bottom, rules);
    else
      total +=
        (top === null ? unknown : value(top, rules)) + (bottom === null ? unknown : value(bottom, rules));
  }
  return total;
}

const placed = (grid: Grid, index: number, card: string): Grid =>
  grid.map((c, i) => (i === index ? card : c));
const faceDown = (grid: Grid): number[] => grid.flatMap((c, i) => (c === null ? [i] : []));

/** The best position for `card` and how much it gains (the drop of the estimated hand). */
export function bestSwap(
  grid: Grid,
  card: string,
  rules: ScoringRules,
  unknown = 5,
): { index: number; gain: number } {
  let best = { index: 0, gain: Number.NEGATIVE_INFINITY };
  const before = estimate(grid, rules, unknown);
  for (let i = 0; i < 6; i++) {
    const gain = before - estimate(placed(grid, i, card), rules, unknown);
    if (gain > best.gain) best = { index: i, gain };
  }
  return best;
}

interface Option {
  command: Command;
  gain: number;
  /** After it, every card of the seat is face up. */
  out: boolean;
  estimateAfter: number;
}

/** The option of the highest gain; the first of equal ones. */
const bestOf = (options: readonly Option[]): Option =>
  options.reduce((best, o) => (o.gain > best.gain ? o : best));

/** The decision of one seat: its view, its character, its whims. */
class Decision {
  readonly grid: Grid;
  readonly rules: ScoringRules;
  readonly hand: number;

  constructor(
    readonly view: GolfView,
    readonly seat: number,
    readonly me: Personality,
    readonly random: () => number,
  ) {
    this.grid = view.grids[seat]!;
    this.rules = view.rules;
    this.hand = estimate(this.grid, this.rules, me.unknown);
  }

  /** How far behind the best total this seat stands, in tens of points, times its will to adapt. */
  get behind(): number {
    const mine = this.view.totals[this.seat] ?? 0;
    const best = Math.min(...this.view.totals.filter((_, s) => s !== this.seat));
    return (this.me.adapt * (mine - best)) / 10;
  }

  /**
   * Patience wears thin: from the tenth round of a hole, a point a round off the bars to keep or
   * take a card, as much more margin to go out, and as much credit to a move that does (a hole
   * whose low cards are all in the grids would otherwise go round for ever).
   */
  get weary(): number {
    return Math.max(0, Math.floor(this.view.turns / this.view.players) - 10);
  }

  /** Whether going out with `after` is worth it against what the others show. */
  wantsOut(after: number): boolean {
    if (this.view.finisher !== null) return true;
    const others = this.view.grids.filter((_, s) => s !== this.seat);
    const best = Math.min(...others.map((g) => estimate(g, this.rules, this.me.unknown)));
    const down = others.reduce((n, g) => n + faceDown(g).length, 0);
    return after <= best + this.me.outMargin + this.me.sneak * down + this.behind + this.weary;
  }

  option(command: Command, grid: Grid, pair: boolean): Option {
    const estimateAfter = estimate(grid, this.rules, this.me.unknown);
    const gain = this.hand - estimateAfter + (pair ? this.me.pairHope : 0);
    return { command, gain, out: faceDown(grid).length === 0, estimateAfter };
  }

  /** The swaps of `card` into each position, without those that throw a face-up gem away. */
  swaps(card: string): Option[] {
    return [0, 1, 2, 3, 4, 5].flatMap((i) => {
      const was = this.grid[i] ?? null;
      const after = placed(this.grid, i, card);
      const partner = this.grid[(i + 3) % 6] ?? null;
      const option = this.option(
        { type: 'swap', payload: { index: i } },
        after,
        partner !== null && pairs(card, partner),
      );
      const throwsGem = was !== null && value(was, this.rules) < 0 && option.estimateAfter > this.hand;
      return throwsGem ? [] : [option];
    });
  }

  /** The discards of the held card: with each possible flip when the table says a discard may or must. */
  discards(): Option[] {
    const flip = this.view.discardFlip;
    const plain =
      flip === 'must' ? [] : [this.option({ type: 'discard', payload: undefined }, this.grid, false)];
    if (flip === 'no') return plain;
    const down = faceDown(this.grid);
    // A flip changes no estimate (the card turned is unknown until then); the last one goes out.
    const flips = down.map((j) => ({
      command: { type: 'discard', payload: { flip: j } },
      gain: 0,
      out: down.length === 1,
      estimateAfter: this.hand,
    }));
    return [...plain, ...flips];
  }

  /** Going out when it does not want to is worth a hundred points less; when it does, its weariness more. */
  judged(options: Option[]): Option[] {
    return options.map((o) => {
      if (!o.out) return o;
      return { ...o, gain: o.gain + (this.wantsOut(o.estimateAfter) ? this.weary : -100) };
    });
  }

  pick(options: Option[]): Option {
    if (this.random() < this.me.noise) {
      const sensible = options.filter((o) => o.gain > -50);
      const from = sensible.length > 0 ? sensible : options;
      return from[Math.floor(this.random() * from.length)]!;
    }
    return bestOf(options);
  }

  holding(card: string): Command {
    const swaps = this.judged(this.swaps(card));
    if (this.view.phase === 'took') return this.pick(swaps).command;
    const gem = value(card, this.rules) < 0;
    const keepsGemBetter = gem && swaps.some((o) => o.estimateAfter < this.hand);
    const discards = keepsGemBetter ? [] : this.judged(this.discards());
    if (
      discards.length === 0 ||
      bestOf(swaps).gain >= Math.max(0, this.me.keepGain - this.behind) - this.weary
    ) {
      return this.pick(swaps).command;
    }
    const flips = discards.filter((o) => o.command.payload !== undefined && o.gain > -50);
    const plain = discards.find((o) => o.command.payload === undefined);
    if (flips.length > 0 && (plain === undefined || this.random() < this.me.flipRate))
      return flips[Math.floor(this.random() * flips.length)]!.command;
    return (plain ?? this.pick(discards)).command;
  }

  choosing(): Command {
    const down = faceDown(this.grid);
    const { rules } = this.view;
    if (rules.knockEarly && this.view.finisher === null && down.length > 0 && down.length <= 2)
      if (this.wantsOut(this.hand)) return { type: 'knock', payload: undefined };
    const top = this.view.discardTop;
    const take = top === null ? null : bestOf(this.judged(this.swaps(top)));
    const draw: Command = { type: 'draw', payload: undefined };
    // Nothing to draw (an empty deck and no discard pile under the top to refill it): take.
    if (this.view.stockCount === 0 && this.view.discardCount < 2) return { type: 'take', payload: undefined };
    if (take !== null && take.gain >= this.me.takeGain - this.behind - this.weary)
      return { type: 'take', payload: undefined };
    if (rules.flipAsAction && down.length > 0 && this.random() < this.me.flipRate) {
      const index = down[Math.floor(this.random() * down.length)]!;
      if (down.length > 1 || this.wantsOut(this.hand)) return { type: 'flip', payload: { index } };
    }
    if (take !== null && take.gain > -50 && this.random() < this.me.noise)
      return { type: 'take', payload: undefined };
    return draw;
  }
}

/** The command of the computer player in `seat`, from that seat's view; null when it is not its turn. */
export function computerChoice(
  view: GolfView,
  seat: number,
  me: Personality,
  random: () => number,
): Command | null {
  if (view.status !== 'playing' || view.turn !== seat) return null;
  const decision = new Decision(view, seat, me, random);
  if (view.phase === 'choose') return decision.choosing();
  return view.drawn === null ? null : decision.holding(view.drawn);
}
