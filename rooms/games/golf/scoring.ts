import { GOLF_DEFAULT_RULES, type GolfRules } from '../../../schema/golf.ts';

/**
 * Six-card Golf: the cards and the score of one hole under a table's rules. A card is its suit
 * symbol and its rank (`"♥K"`, `"♠T"`; a joker is `"★X"`), so a card's text never looks like any
 * other text on the wire. A grid is six cards in two rows of three: indexes 0–2 the top row, 3–5
 * the bottom row, so column `c` holds indexes `c` and `c + 3`.
 */

export const SUITS = ['♠', '♥', '♦', '♣'] as const;
export const RANKS = ['A', '2', '3', '4', '5', '6', '7', '8', '9', 'T', 'J', 'Q', 'K'] as const;
export const JOKER = '★X';

/** The rules that decide what cards and holes score. */
export type ScoringRules = Pick<
  GolfRules,
  | 'luckySwing'
  | 'superKings'
  | 'tenPenny'
  | 'oneEyedJacks'
  | 'eagleEye'
  | 'negativePairsKeepValue'
  | 'wolfpack'
  | 'fourOfAKind'
  | 'blackjack'
  | 'knockPenalty'
  | 'knockBonus'
  | 'underdogBonus'
  | 'tiedShame'
>;

/** Plain Golf: no house rule (a table's rules when it asks for none). */
export const PLAIN: ScoringRules = GOLF_DEFAULT_RULES;

/** One deck in a fixed order: 52 cards and `jokers` jokers. */
export function deck(jokers: number): string[] {
  const cards = SUITS.flatMap((suit) => RANKS.map((rank) => `${suit}${rank}`));
  return [...cards, ...Array.from({ length: jokers }, () => JOKER)];
}

/** The rank of a card (`"K"`, `"X"` for a joker). */
export const rank = (card: string): string => card.slice(1);

const VALUES: Record<string, number> = {
  A: 1,
  '2': -2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
  '8': 8,
  '9': 9,
  T: 10,
  J: 10,
  Q: 10,
  K: 0,
  X: -2,
};

/** What one card scores on its own under `rules`. */
export function value(card: string, rules: ScoringRules = PLAIN): number {
  const r = rank(card);
  const plain = VALUES[r];
  if (plain === undefined) throw new Error(`not a card: ${card}`);
  if (r === 'X') return rules.luckySwing ? -5 : rules.eagleEye ? 2 : plain;
  if (r === 'K' && rules.superKings) return -2;
  if (r === 'T' && rules.tenPenny) return 1;
  if (r === 'J' && rules.oneEyedJacks && (card === '♥J' || card === '♠J')) return 0;
  return plain;
}

/** Whether two cards in one column make a pair (the same rank). */
export const pairs = (a: string, b: string): boolean => rank(a) === rank(b);

/** What a column of two cards scores: their values, or a pair's (0 unless a rule says otherwise). */
export function scoreColumn(top: string, bottom: string, rules: ScoringRules = PLAIN): number {
  const sum = value(top, rules) + value(bottom, rules);
  if (!pairs(top, bottom)) return sum;
  if (rank(top) === 'X' && rules.eagleEye) return -4;
  if (rules.negativePairsKeepValue && sum < 0) return sum;
  return 0;
}

/**
 * The score of a grid of six: its columns, then the bonuses of paired columns: wolfpack (two
 * columns of paired jacks, −20) and four of a kind (two paired columns of one rank, −20 a rank).
 */
export function scoreGrid(grid: readonly string[], rules: ScoringRules = PLAIN): number {
  if (grid.length !== 6) throw new Error('a grid has six cards');
  let total = 0;
  const pairedRanks = new Map<string, number>();
  for (let c = 0; c < 3; c++) {
    const top = grid[c]!;
    const bottom = grid[c + 3]!;
    total += scoreColumn(top, bottom, rules);
    if (pairs(top, bottom)) pairedRanks.set(rank(top), (pairedRanks.get(rank(top)) ?? 0) + 1);
  }
  for (const [r, count] of pairedRanks) {
    if (count < 2) continue;
    if (rules.wolfpack && r === 'J') total -= 20;
    if (rules.fourOfAKind) total -= 20;
  }
  return total;
}

/**
 * Every seat's score for a hole, in this order: each grid (`scoreGrid`); blackjack (exactly 21
 * becomes 0); the knock penalty (+10 to the player who went out unless their score is lower than
 * every other) and the knock bonus (−5 to them); the underdog bonus (−3 to each lowest score); tied
 * shame (+5 to each score another seat has too). `finisher` is the seat that went out, if any.
 */
export function scoreHole(
  grids: readonly (readonly string[])[],
  finisher: number | null,
  rules: ScoringRules = PLAIN,
): number[] {
  let scores = grids.map((grid) => scoreGrid(grid, rules));
  if (rules.blackjack) scores = scores.map((s) => (s === 21 ? 0 : s));
  if (finisher !== null) {
    const mine = scores[finisher]!;
    const lowest = scores.every((s, seat) => seat === finisher || s > mine);
    const change = (rules.knockPenalty && !lowest ? 10 : 0) + (rules.knockBonus ? -5 : 0);
    scores = scores.map((s, seat) => (seat === finisher ? s + change : s));
  }
  if (rules.underdogBonus) {
    const low = Math.min(...scores);
    scores = scores.map((s) => (s === low ? s - 3 : s));
  }
  if (rules.tiedShame) {
    const before = scores;
    scores = before.map((s, seat) => (before.some((t, other) => other !== seat && t === s) ? s + 5 : s));
  }
  return scores;
}
