/**
 * Golf's vocabulary, shared by the server, the SDK and the web app: the house rules a table may
 * play by (`docs/golf.md`), each a join option of the `golf` room.
 */

/** When a player who discards a card drawn from the deck turns up one of their face-down cards. */
export const GOLF_FLIP_MODES = ['never', 'always', 'endgame'] as const;
export type GolfFlipMode = (typeof GOLF_FLIP_MODES)[number];

/** The house rules that are on or off (all off by default). */
export const GOLF_HOUSE_RULES = [
  'knockPenalty',
  'knockBonus',
  'luckySwing',
  'superKings',
  'tenPenny',
  'underdogBonus',
  'tiedShame',
  'blackjack',
  'wolfpack',
  'eagleEye',
  'flipAsAction',
  'fourOfAKind',
  'negativePairsKeepValue',
  'oneEyedJacks',
  'knockEarly',
] as const;
export type GolfHouseRule = (typeof GOLF_HOUSE_RULES)[number];

/** The characters of Golf's computer players (`docs/golf.md`); `steady-player` is the default. */
export const GOLF_PERSONALITIES = [
  'patient-calculator',
  'aggressive-closer',
  'pair-hunter',
  'steady-player',
  'risk-taker',
  'chaotic-gambler',
  'adaptive-strategist',
  'sneaky-finisher',
] as const;
export type GolfPersonality = (typeof GOLF_PERSONALITIES)[number];

/** Every rule a table plays by besides its size and pace. */
export type GolfRules = {
  /** 0–2 cards turned up at each deal. */
  initialFlips: number;
  /** Two jokers in each deck. */
  jokers: boolean;
  flipMode: GolfFlipMode;
} & Record<GolfHouseRule, boolean>;

/** A table's options: its size and pace, and its rules. */
export type GolfOptions = GolfRules & {
  /** 2–6 seats. */
  players: number;
  /** 1–18. */
  holes: number;
  /** The time for a turn, in milliseconds; then the move is made for the player. */
  turnMs: number;
};

/** The rules of a table that asks for none. */
export const GOLF_DEFAULT_RULES: GolfRules = {
  initialFlips: 2,
  jokers: false,
  flipMode: 'never',
  ...(Object.fromEntries(GOLF_HOUSE_RULES.map((rule) => [rule, false])) as Record<GolfHouseRule, boolean>),
};

/** What each rule means, in a line (the web app's picker and the docs say it alike). */
export const GOLF_RULE_TEXT: Record<GolfHouseRule | 'jokers', string> = {
  jokers: 'two jokers in each deck, worth −2',
  knockPenalty: '+10 to the player who goes out without the lowest score of the hole',
  knockBonus: '−5 to the player who goes out first',
  luckySwing: 'one joker in each deck instead of two, worth −5',
  superKings: 'kings are worth −2',
  tenPenny: 'tens are worth 1',
  underdogBonus: '−3 to the lowest score of each hole',
  tiedShame: '+5 to each player whose hole score equals another player’s',
  blackjack: 'a hole score of exactly 21 becomes 0',
  wolfpack: 'two columns that are each a pair of jacks: −20',
  eagleEye: 'jokers are worth +2 alone and −4 as a pair',
  flipAsAction: 'a turn may be spent turning up a face-down card instead of drawing',
  fourOfAKind: 'two columns that are pairs of one rank: −20 (with wolfpack, four jacks are −40)',
  negativePairsKeepValue: 'a pair of negative cards keeps its value (two twos: −4)',
  oneEyedJacks: 'the jacks of hearts and of spades are worth 0',
  knockEarly: 'with one or two cards face down, turn them all up and go out',
};

/** `choose`: draw, take (or flip, knock); `drawn`: holding the deck's card; `took`: holding the discard's top. */
export type GolfPhase = 'choose' | 'drawn' | 'took';

/** A hole as it was scored: every card, each seat's score, and who went out. */
export interface GolfPlayedHole {
  grids: string[][];
  scores: number[];
  finisher: number | null;
}

/**
 * What a viewer sees of a game of Golf (a seat's `view` message; the state's `view` in JSON for
 * spectators). Nothing a viewer may not see is in it: a face-down position is `null`.
 */
export interface GolfView {
  status: 'waiting' | 'playing' | 'ended';
  players: number;
  hole: number;
  holes: number;
  /** The house rules of the table. */
  rules: GolfRules;
  turn: number;
  /** The turns played so far this hole. */
  turns: number;
  phase: GolfPhase;
  deadline: number | null;
  /** Per seat, six positions: the card if face up, null if face down. */
  grids: Array<Array<string | null>>;
  discardTop: string | null;
  /** The cards in the discard pile; an empty deck is refilled from all of them but the top. */
  discardCount: number;
  stockCount: number;
  /** The card the seat to act holds: shown to all when taken from the discard pile, else to that seat only. */
  drawn: string | null;
  /** Holding a drawn card: whether a discard must, may or may not turn up a face-down card. */
  discardFlip: 'must' | 'may' | 'no';
  /** Some seat has at most one card face down. */
  endgame: boolean;
  finisher: number | null;
  totals: number[];
  /** The holes scored so far, every card shown. */
  played: GolfPlayedHole[];
  termination: string | null;
  results: Array<{ seat: number; score: number; placing: number }>;
  /** In a seat's own view: its seat. */
  seat?: number;
}

/**
 * One frame of a game's public replay: the spectator's view at that moment, with the scores of the
 * holes played instead of their cards. `reveal`: the frame that shows every card of a hole at its
 * end (a face-down card never appears in a frame before it is turned or its hole is scored).
 */
export type GolfReplayView = Omit<GolfView, 'played' | 'rules' | 'deadline' | 'seat'> & {
  /** Each hole's scores, in seat order, for the holes scored so far. */
  scores: number[][];
  reveal: boolean;
};
