import {
  GOLF_DEFAULT_RULES,
  GOLF_HOUSE_RULES,
  GOLF_RULE_TEXT,
  type GolfHouseRule,
  type GolfRules,
} from '../../../schema/golf.ts';

/** How the web app writes golf's cards (`♠T`, `★X`) and rules. */

const RANK_NAMES: Record<string, string> = {
  A: 'ace',
  T: 'ten',
  J: 'jack',
  Q: 'queen',
  K: 'king',
  X: 'joker',
};
const NUMBER_NAMES = ['', '', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const SUIT_NAMES: Record<string, string> = { '♠': 'spades', '♥': 'hearts', '♦': 'diamonds', '♣': 'clubs' };

/** The rank as printed on the card: `10` for a ten, `★` for a joker. */
export function rankText(card: string): string {
  const rank = card.slice(1);
  return rank === 'T' ? '10' : rank === 'X' ? '★' : rank;
}

export const suitOf = (card: string): string => card.slice(0, 1);

export const isRed = (card: string): boolean => card.startsWith('♥') || card.startsWith('♦');

/** "ace of spades", "joker": what a screen reader says of a card. */
export function cardName(card: string): string {
  const rank = card.slice(1);
  if (rank === 'X') return 'joker';
  const name = RANK_NAMES[rank] ?? NUMBER_NAMES[Number(rank)] ?? rank;
  return `${name} of ${SUIT_NAMES[suitOf(card)] ?? suitOf(card)}`;
}

const RULE_NAMES: Record<GolfHouseRule | 'jokers', string> = {
  jokers: 'Jokers',
  knockPenalty: 'Knock penalty',
  knockBonus: 'Knock bonus',
  luckySwing: 'Lucky swing',
  superKings: 'Super kings',
  tenPenny: 'Ten penny',
  underdogBonus: 'Underdog bonus',
  tiedShame: 'Tied shame',
  blackjack: 'Blackjack',
  wolfpack: 'Wolfpack',
  eagleEye: 'Eagle eye',
  flipAsAction: 'Flip as an action',
  fourOfAKind: 'Four of a kind',
  negativePairsKeepValue: 'Negative pairs keep their value',
  oneEyedJacks: 'One-eyed jacks',
  knockEarly: 'Knock early',
};

/** The name of each rule a table may switch on, in the order of the picker. */
export const RULES_ON_OFF: ReadonlyArray<GolfHouseRule | 'jokers'> = ['jokers', ...GOLF_HOUSE_RULES];

export const ruleName = (rule: GolfHouseRule | 'jokers'): string => RULE_NAMES[rule];
export const ruleText = (rule: GolfHouseRule | 'jokers'): string => GOLF_RULE_TEXT[rule];

const FLIP_MODES = {
  never: 'A discard turns up no card',
  always: 'A discard turns up a face-down card',
  endgame: 'In the endgame a discard may turn up a face-down card',
};

/** The rules in force, in short lines: the ones that differ from plain golf first. */
export function rulesInForce(rules: Partial<GolfRules>): string[] {
  const flips = rules.initialFlips ?? GOLF_DEFAULT_RULES.initialFlips;
  const lines = [
    `${flips === 0 ? 'No card' : flips === 1 ? '1 card' : `${flips} cards`} turned up at the deal`,
    FLIP_MODES[rules.flipMode ?? 'never'],
  ];
  for (const rule of RULES_ON_OFF) if (rules[rule]) lines.push(`${ruleName(rule)}: ${ruleText(rule)}`);
  return lines;
}
