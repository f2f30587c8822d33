/**
 * Six-card Golf: the cards and the score of one hole. A card is its suit symbol and its rank
 * (`"♥K"`, `"♠T"`; a joker is `"★X"`), so a card's text never looks like any other text on the
 * wire. A grid is six cards in two rows of three: indexes 0–2 the top row, 3–5 the bottom row, so
 * column `c` holds indexes `c` and `c + 3`.
 */

export const SUITS = ['♠', '♥', '♦', '♣'] as const;
export const RANKS = ['A', '2', '3', '4', '5', '6', '7', '8', '9', 'T', 'J', 'Q', 'K'] as const;
export const JOKER = '★X';

/** One deck in a fixed order: 52 cards, and two jokers when asked. */
export function deck(jokers: boolean): string[] {
  const cards = SUITS.flatMap((suit) => RANKS.map((rank) => `${suit}${rank}`));
  return jokers ? [...cards, JOKER, JOKER] : cards;
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

/** What one card scores on its own. */
export function value(card: string): number {
  const v = VALUES[rank(card)];
  if (v === undefined) throw new Error(`not a card: ${card}`);
  return v;
}

/** The score of a grid of six: each column's two cards, or 0 for a column of two of one rank. */
export function scoreGrid(grid: readonly string[]): number {
  if (grid.length !== 6) throw new Error('a grid has six cards');
  let total = 0;
  for (let c = 0; c < 3; c++) {
    const top = grid[c]!;
    const bottom = grid[c + 3]!;
    total += rank(top) === rank(bottom) ? 0 : value(top) + value(bottom);
  }
  return total;
}
